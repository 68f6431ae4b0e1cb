package io.mfrecommender.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.ratings.RatingLog.Entry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process appending to the journal while it compacts it over and over, killed with SIGKILL at
 * random moments (seeded), five times in a row on the same journal: after each kill, every
 * acknowledged entry is there, and nothing else but the one batch that was being written.
 */
class JournalCompactionCrashIT {

    @TempDir
    Path dir;

    @Test
    void aKillDuringCompactionLosesNothingAcknowledged() throws Exception {
        Path journal = dir.resolve("posted-ratings.journal");
        Random random = new Random(20);
        int acknowledged = -1;
        for (int round = 0; round < 5; round++) {
            Process writer = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            CompactingWriter.class.getName(),
                            journal.toString())
                    .redirectErrorStream(true)
                    .start();
            AtomicInteger last = new AtomicInteger(-1);
            // Written by the reader thread while this one may print it: a synchronised list, copied to print.
            List<String> other = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("ACK ")) {
                            last.set(Integer.parseInt(line.substring(4)));
                        } else if (other.size() < 50) {
                            other.add(line);
                        }
                    }
                } catch (IOException killed) {
                    // The stream ends with the process.
                }
            });
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (last.get() < acknowledged + 200) {
                assertThat(writer.isAlive())
                        .as(() -> String.join("\n", new ArrayList<>(other)))
                        .isTrue();
                assertThat(System.nanoTime())
                        .as("the writer acknowledges entries")
                        .isLessThan(deadline);
                Thread.sleep(10);
            }
            Thread.sleep(random.nextInt(700));
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            acknowledged = last.get();

            PostedRatingsStore replayed = new PostedRatingsStore(
                    new RatingJournal(journal), Timer.builder("fold-in").register(new SimpleMeterRegistry()));
            replayed.open(null);
            long applied = replayed.sequence();
            assertThat(applied)
                    .as("round " + round + ": entries 0.." + acknowledged + " were acknowledged")
                    .isBetween((long) acknowledged + 1, (long) acknowledged + 2);
            Map<Integer, Map<Long, Float>> expected = fold((int) applied);
            for (int user = 0; user < 500; user++) {
                Map<Long, Float> found = new TreeMap<>();
                replayed.ratings(user).ratings().forEach(r -> found.put(r.movie(), r.rating()));
                assertThat(found)
                        .as("round " + round + ", user " + user)
                        .isEqualTo(expected.getOrDefault(user, Map.of()));
            }
            assertThat(Files.readString(journal))
                    .as("the journal was compacted (a rewrite starts with its key line)")
                    .contains("\nK ");
        }
    }

    /** The state after entries 0..count-1: each user's latest rating per movie, removals applied. */
    private static Map<Integer, Map<Long, Float>> fold(int count) {
        Map<Integer, Map<Long, Float>> users = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Entry entry = CompactingWriter.entry(i);
            Map<Long, Float> movies = users.computeIfAbsent((int) entry.user(), u -> new TreeMap<>());
            if (entry.kind() == Entry.Kind.RATING) {
                movies.put(entry.movie(), entry.rating());
            } else {
                movies.remove(entry.movie());
            }
        }
        return users;
    }
}
