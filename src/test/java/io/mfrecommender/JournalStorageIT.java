package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.data.SyntheticRatings;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rating journal on a real filesystem that fills up or turns read-only, and after erasures:
 * what was refused never comes back, what was acknowledged always does, clients are told to retry
 * (503 with {@code Retry-After}), health says writes fail, and erased users leave the disk.
 */
class JournalStorageIT {

    private static final String KEY = "journal-storage-key-0123";
    private static final Map<String, String> KEYED = Map.of("X-API-Key", KEY);

    @TempDir
    Path dir;

    private Path ratings;

    @BeforeEach
    void data() throws IOException {
        ratings = dir.resolve("ratings.dat");
        new SyntheticRatings(200, 100, 5_000, 3, 0.5, 0.5, 0.5, 1).writeTo(ratings);
    }

    private ServiceProcess service(Path dataDirectory) throws IOException {
        return new ServiceProcess(
                dir.resolve("service.log"),
                "--recommender.data.source=file",
                "--recommender.data.ratings=" + ratings,
                "--recommender.data.directory=" + dataDirectory,
                "--recommender.models.directory=" + dir.resolve("models"),
                "--recommender.training.factors=8",
                "--recommender.training.ranker.factors=4",
                "--recommender.security.api-key=" + KEY);
    }

    private static String batch(int movies) {
        StringBuilder body = new StringBuilder("[");
        for (int movie = 1; movie <= movies; movie++) {
            body.append(movie == 1 ? "" : ",")
                    .append("{\"movie\":")
                    .append(movie)
                    .append(",\"rating\":4}");
        }
        return body.append(']').toString();
    }

    @Test
    void aFullOrReadOnlyDiskRefusesWholeBatchesWith503AndNothingRefusedComesBack() throws Exception {
        try (SmallFilesystem disk = SmallFilesystem.mount(dir, 512);
                ServiceProcess service = service(disk.root().resolve("data")).start()) {
            TinyService client = service.client();
            assertThat(client.send("POST", "/users/700001/ratings", "{\"movie\":1,\"rating\":3}", KEYED)
                            .statusCode())
                    .isEqualTo(201);

            disk.fill(0);
            HttpResponse<String> refused = client.send("POST", "/users/9000000000000000002/ratings", batch(100), KEYED);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body())
                    .contains("/problems/storage-unavailable")
                    .doesNotContain(disk.root().toString());
            assertThat(client.send("GET", "/users/9000000000000000002/ratings", null, Map.of())
                            .statusCode())
                    .isEqualTo(404);
            assertThat(client.send("GET", "/users/9000000000000000002/recommendations", null, Map.of())
                            .statusCode())
                    .as("reads go on")
                    .isEqualTo(200);
            assertThat(journalHealth(client)).isEqualTo("DOWN");
            assertThat(client.send("GET", "/actuator/health", null, KEYED).body())
                    .contains("\"writes\":\"failing\"")
                    .contains("No space left on device");
            assertThat(client.send("GET", "/actuator/prometheus", null, Map.of())
                            .body())
                    .contains("recommender_ratings_journal_writable 0.0")
                    .containsPattern("recommender_ratings_journal_failures_total [1-9]");
            assertThat(Files.readString(disk.root().resolve("data").resolve("posted-ratings.journal")))
                    .doesNotContain("9000000000000000002");
            assertThat(service.log())
                    .contains("Rating journal writes are failing")
                    .contains("No space left on device");

            service.restart(); // still full
            assertThat(client.send("GET", "/users/9000000000000000002/ratings", null, Map.of())
                            .statusCode())
                    .as("nothing refused comes back after a restart")
                    .isEqualTo(404);
            assertThat(client.send("GET", "/users/700001/ratings", null, Map.of())
                            .body())
                    .contains("\"total\":1");

            disk.free();
            assertThat(client.send("POST", "/users/9000000000000000002/ratings", batch(3), KEYED)
                            .statusCode())
                    .as("writes resume by themselves once there is room")
                    .isEqualTo(201);
            assertThat(journalHealth(client)).isEqualTo("UP");

            disk.readOnly(true);
            HttpResponse<String> readOnly = client.send("POST", "/users/700003/ratings", batch(2), KEYED);
            assertThat(readOnly.statusCode()).as(readOnly.body()).isEqualTo(503);
            assertThat(readOnly.headers().firstValue("Retry-After")).isPresent();
            assertThat(client.send("DELETE", "/users/700001", null, KEYED).statusCode())
                    .isEqualTo(503);
            assertThat(client.send("GET", "/predict?user=700001&movie=1", null, Map.of())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(journalHealth(client)).isEqualTo("DOWN");
            disk.readOnly(false);
            awaitHealthUp(client);
            assertThat(client.send("POST", "/users/700003/ratings", batch(2), KEYED)
                            .statusCode())
                    .isEqualTo(201);

            service.restart();
            assertThat(client.send("GET", "/users/9000000000000000002/ratings", null, Map.of())
                            .body())
                    .contains("\"total\":3");
            assertThat(client.send("GET", "/users/700003/ratings", null, Map.of())
                            .body())
                    .contains("\"total\":2");
        }
    }

    /** The status of health's ratingsJournal component, as an operator with the key sees it. */
    private static String journalHealth(TinyService client) throws Exception {
        String body = client.send("GET", "/actuator/health", null, KEYED).body();
        return JsonMapper.builder()
                .build()
                .readTree(body)
                .path("components")
                .path("ratingsJournal")
                .path("status")
                .asString();
    }

    private static void awaitHealthUp(TinyService client) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!journalHealth(client).equals("UP")) {
            assertThat(Instant.now()).as("health sees writes work again").isBefore(deadline);
            Thread.sleep(250);
        }
    }

    /**
     * Eight clients post while the journal's filesystem fills up and is freed again: after a
     * restart every acknowledged rating is there and no refused one is, and writes resumed without
     * anyone's help.
     */
    @Test
    void eightClientsPostingWhileTheDiskFillsAndEmptiesLoseNothingAcknowledged() throws Exception {
        try (SmallFilesystem disk = SmallFilesystem.mount(dir, 1024);
                ServiceProcess service = service(disk.root().resolve("data")).start()) {
            TinyService client = service.client();
            List<long[]> acknowledged = Collections.synchronizedList(new ArrayList<>());
            List<long[]> refused = Collections.synchronizedList(new ArrayList<>());
            List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean diskFull = new AtomicBoolean();
            List<Boolean> acknowledgedAfterFreeing = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long first = 800_000L + t * 100_000L;
                running.add(clients.submit(() -> {
                    for (long user = first; !stop.get(); user++) {
                        long movie = 1 + user % 100;
                        boolean wasFreed = !diskFull.get();
                        HttpResponse<String> answer = client.send(
                                "POST", "/users/" + user + "/ratings", "{\"movie\":" + movie + ",\"rating\":5}", KEYED);
                        if (answer.statusCode() == 201) {
                            acknowledged.add(new long[] {user, movie});
                            acknowledgedAfterFreeing.add(wasFreed);
                        } else if (answer.statusCode() == 503) {
                            refused.add(new long[] {user, movie});
                        } else {
                            unexpected.add(answer.statusCode() + " " + answer.body());
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(2_000);
            diskFull.set(true);
            disk.fill(0);
            int acknowledgedBeforeFull = acknowledged.size();
            Thread.sleep(3_000);
            disk.free();
            diskFull.set(false);
            int acknowledgedAtFreeing = acknowledged.size();
            Thread.sleep(3_000);
            stop.set(true);
            for (Future<?> client1 : running) {
                client1.get();
            }
            clients.shutdown();
            assertThat(unexpected).isEmpty();
            assertThat(refused).as("some posts met the full disk").isNotEmpty();
            assertThat(acknowledged.size())
                    .as("posts were acknowledged again after the disk was freed, without a restart")
                    .isGreaterThan(acknowledgedAtFreeing);
            assertThat(acknowledgedBeforeFull).isPositive();

            service.restart();
            for (long[] rating : acknowledged) {
                HttpResponse<String> listed = client.send("GET", "/users/" + rating[0] + "/ratings", null, Map.of());
                assertThat(listed.statusCode())
                        .as("user " + rating[0] + " acknowledged")
                        .isEqualTo(200);
                assertThat(listed.body()).contains("\"movie\":" + rating[1] + ",");
            }
            for (long[] rating : refused) {
                assertThat(client.send("GET", "/users/" + rating[0] + "/ratings", null, Map.of())
                                .statusCode())
                        .as("user " + rating[0] + " refused")
                        .isEqualTo(404);
            }
        }
    }

    /**
     * After {@code DELETE /users/{id}} and the compaction it triggers, nothing in the data directory
     * names the user; a restart still honours the erasure. The journal it starts from holds a line
     * that is not UTF-8 and ratings outside the scale: each is skipped and named, the rest served.
     */
    @Test
    void anErasedUserLeavesTheDataDirectoryAndBadLinesAreSkippedByNumber() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path journal = data.resolve("posted-ratings.journal");
        Files.write(journal, "R 900555 1 4.0 1\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(journal, new byte[] {'R', ' ', '9', ' ', (byte) 0xc3, '\n'}, StandardOpenOption.APPEND);
        Files.writeString(
                journal, "R 900555 2 11.0 2\nR 900555 3 -5.0 3\nR 900555 4 1e30 4\n", StandardOpenOption.APPEND);
        try (ServiceProcess service = service(data).start()) {
            TinyService client = service.client();
            assertThat(client.send("GET", "/users/900555/ratings", null, Map.of())
                            .body())
                    .contains("\"total\":1")
                    .contains("\"movie\":1,");
            assertThat(service.log())
                    .contains("line 2: not UTF-8")
                    .contains("line 3: rating 11.0 outside")
                    .contains("line 4: rating -5.0 outside");

            assertThat(client.send("POST", "/users/900123/ratings", batch(5), KEYED)
                            .statusCode())
                    .isEqualTo(201);
            assertThat(grep(data, "900123")).isNotEmpty();
            Instant erased = Instant.now();
            assertThat(client.send("DELETE", "/users/900123", null, KEYED).statusCode())
                    .isEqualTo(204);
            while (!grep(data, "900123").isEmpty()) {
                assertThat(Duration.between(erased, Instant.now()))
                        .as("the erased user leaves the disk within seconds")
                        .isLessThan(Duration.ofSeconds(10));
                Thread.sleep(100);
            }

            service.restart();
            assertThat(client.send("GET", "/users/900123/ratings", null, Map.of())
                            .statusCode())
                    .isEqualTo(404);
            assertThat(client.send("GET", "/users/900123/recommendations", null, Map.of())
                            .body())
                    .contains("\"strategy\":\"popular\"");
            assertThat(grep(data, "900123")).isEmpty();
        }
    }

    /** The files under {@code directory} whose text holds {@code word} as a whole word. */
    private static List<Path> grep(Path directory, String word) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> {
                        try {
                            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                                    .matches("(?s).*\\b" + word + "\\b.*");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .toList();
        }
    }
}
