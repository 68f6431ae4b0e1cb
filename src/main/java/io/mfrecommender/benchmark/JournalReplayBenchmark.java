package io.mfrecommender.benchmark;

import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.ratings.RatingJournal;
import io.mfrecommender.ratings.RatingLog.Entry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How long a restart replays the rating journal, before and after compaction: {@code entries}
 * posts (one per batch, as single posts are written; a deletion every 50th) by {@code users} users
 * over {@code movies} movies each, so users re-rate and the folded state is smaller than the
 * history. Written with the journal itself (no compaction while it grows), replayed the way the
 * service opens it, compacted as the service compacts it, replayed again.
 */
public final class JournalReplayBenchmark {

    private JournalReplayBenchmark() {}

    public static void run(Path directory, int entries, int users, int movies, int runs, PrintStream out) {
        try {
            Files.createDirectories(directory);
            Path file = Files.createTempFile(directory, "replay-", ".journal");
            try {
                RatingJournal journal = new RatingJournal(file);
                SplittableRandom random = new SplittableRandom(7);
                long started = System.nanoTime();
                for (int i = 0; i < entries; i++) {
                    long user = 1 + random.nextInt(users);
                    long movie = 1 + random.nextInt(movies);
                    journal.append(List.of(
                            i % 50 == 49
                                    ? Entry.deleteRating(user, movie, i)
                                    : Entry.rating(user, movie, 1 + random.nextInt(5), i)));
                }
                out.printf(
                        Locale.ROOT,
                        "wrote %d posts (%d users x %d movies) in %.1f s%n",
                        entries,
                        users,
                        movies,
                        (System.nanoTime() - started) / 1e9);
                report("before compaction", file, runs, out);
                PostedRatingsStore store = open(file);
                long compactStarted = System.nanoTime();
                store.compact();
                out.printf(Locale.ROOT, "compacted in %.2f s%n", (System.nanoTime() - compactStarted) / 1e9);
                store.close();
                report("after compaction", file, runs, out);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PostedRatingsStore open(Path file) {
        PostedRatingsStore store = new PostedRatingsStore(
                new RatingJournal(file), Timer.builder("fold-in").register(new SimpleMeterRegistry()));
        store.open(null);
        return store;
    }

    private static void report(String when, Path file, int runs, PrintStream out) throws IOException {
        double[] seconds = new double[runs];
        long lines;
        try (var stream = Files.lines(file)) {
            lines = stream.count();
        }
        for (int r = 0; r < runs; r++) {
            System.gc();
            long started = System.nanoTime();
            PostedRatingsStore store = open(file);
            seconds[r] = (System.nanoTime() - started) / 1e9;
            store.close();
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        out.printf(
                Locale.ROOT,
                "%s: %.1f MB, %d lines; replay median %.2f s (%.2f-%.2f over %d runs)%n",
                when,
                Files.size(file) / 1e6,
                lines,
                sorted[runs / 2],
                sorted[0],
                sorted[runs - 1],
                runs);
    }

    /** The default directory: memory-backed where there is one, so writing a million forced batches is quick. */
    public static Path defaultDirectory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
