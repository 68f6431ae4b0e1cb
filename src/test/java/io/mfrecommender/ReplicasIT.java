package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.ratings.RealPostgres;
import io.mfrecommender.training.StrictJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two packaged instances on one real PostgreSQL and one models directory, as replicas behind a load
 * balancer run: A owns the directory (trains, activates), B serves it read-only. Both take posts.
 */
class ReplicasIT {

    private static final String KEY = "replicas-test-key-0001";
    private static final Map<String, String> KEYED = Map.of("X-API-Key", KEY);

    @TempDir
    static Path serverDirectory;

    private static RealPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = new RealPostgres(serverDirectory.resolve("pg"));
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    private ServiceProcess instance(String name, String url, boolean owner) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(
                "--recommender.data.source=file",
                "--recommender.data.ratings=" + dir.resolve("ratings.dat"),
                "--recommender.data.directory=" + dir.resolve(name),
                "--recommender.models.directory=" + dir.resolve("models"),
                "--recommender.models.startup-mode=" + (owner ? "load-or-train" : "load"),
                "--recommender.models.read-only=" + !owner,
                "--recommender.training.epochs=3",
                "--recommender.training.factors=8",
                "--recommender.training.ranker.factors=8",
                "--recommender.ratings.store=postgres",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + RealPostgres.user(),
                "--recommender.security.api-key=" + KEY));
        return new ServiceProcess(dir.resolve(name + ".log"), arguments.toArray(String[]::new));
    }

    /**
     * A rating posted to A is in B's recommendations within a second, an erasure through B removes
     * the user on A, a version A activates is served by B within 5 s, the database stopped for 10 s
     * refuses writes with 503 while reads answer, and a read load on both sees no failed request.
     */
    @Test
    void twoReplicasShareEveryWriteAndFollowTheActiveVersion() throws Exception {
        new SyntheticRatings(400, 150, 12_000, 6, 0.5, 0.5, 0.5, 11).writeTo(dir.resolve("ratings.dat"));
        String url = postgres.newDatabase();
        try (ServiceProcess a = instance("a", url, true).start();
                ServiceProcess b = instance("b", url, false).start()) {
            TinyService clientA = a.client();
            TinyService clientB = b.client();
            ReadLoad load = new ReadLoad(List.of(clientA, clientB));
            try {
                // 1. Posted to A, seen in B's recommendations.
                long user = 7;
                List<Long> top =
                        movies(clientB.send("GET", "/users/" + user + "/recommendations?limit=10", null, Map.of()));
                List<Long> rated = top.subList(0, 3);
                HttpResponse<String> posted = clientA.send(
                        "POST",
                        "/users/" + user + "/ratings",
                        "["
                                + String.join(
                                        ",",
                                        rated.stream()
                                                .map(m -> "{\"movie\":" + m + ",\"rating\":5}")
                                                .toList())
                                + "]",
                        KEYED);
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
                Instant acknowledged = Instant.now();
                while (!Collections.disjoint(
                        movies(clientB.send("GET", "/users/" + user + "/recommendations?limit=10", null, Map.of())),
                        rated)) {
                    Thread.sleep(10);
                    assertThat(Duration.between(acknowledged, Instant.now()))
                            .as("B leaves out the movies rated on A")
                            .isLessThan(Duration.ofSeconds(5));
                }
                Duration seen = Duration.between(acknowledged, Instant.now());
                assertThat(seen).as("a post to A in B's recommendations").isLessThan(Duration.ofSeconds(1));
                System.out.println("ReplicasIT: a post to A in B's recommendations after " + seen.toMillis() + " ms");
                assertThat(clientB.send("GET", "/users/" + user + "/ratings?limit=1000", null, Map.of())
                                .body())
                        .contains("\"source\":\"posted\"");

                // 2. Erased through B, gone on A.
                assertThat(clientB.send("DELETE", "/users/" + user, null, KEYED).statusCode())
                        .isEqualTo(204);
                Instant erased = Instant.now();
                while (clientA.send("GET", "/users/" + user + "/ratings", null, Map.of())
                                .statusCode()
                        != 404) {
                    Thread.sleep(10);
                    assertThat(Duration.between(erased, Instant.now()))
                            .as("A forgets the user erased on B")
                            .isLessThan(Duration.ofSeconds(5));
                }
                Duration forgotten = Duration.between(erased, Instant.now());
                assertThat(forgotten).isLessThan(Duration.ofSeconds(1));
                System.out.println("ReplicasIT: an erasure through B on A after " + forgotten.toMillis() + " ms");

                // 3. Activated on A, served by B.
                String before = version(clientB);
                HttpResponse<String> job = clientA.send("POST", "/training-jobs", "{\"activation\":\"always\"}", KEYED);
                assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
                Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
                String newVersion;
                while ((newVersion = version(clientA)).equals(before)) {
                    assertThat(Instant.now())
                            .as("the job activates its version")
                            .isBefore(deadline);
                    Thread.sleep(10);
                }
                Instant activated = Instant.now();
                while (!version(clientB).equals(newVersion)) {
                    Thread.sleep(20);
                    assertThat(Duration.between(activated, Instant.now()))
                            .as("B follows A's activation\n" + b.log())
                            .isLessThan(Duration.ofSeconds(5));
                }

                System.out.println("ReplicasIT: A's activation served by B after "
                        + Duration.between(activated, Instant.now()).toMillis() + " ms");

                // 4. The database away for 10 s: writes 503 with Retry-After, reads go on.
                postgres.stop();
                Instant stopped = Instant.now();
                int refused = 0;
                try {
                    while (Duration.between(stopped, Instant.now()).compareTo(Duration.ofSeconds(10)) < 0) {
                        for (TinyService client : List.of(clientA, clientB)) {
                            Instant sent = Instant.now();
                            HttpResponse<String> write = client.send(
                                    "POST", "/users/9/ratings", "{\"movie\":" + top.get(5) + ",\"rating\":4}", KEYED);
                            assertThat(write.statusCode()).as(write.body()).isEqualTo(503);
                            assertThat(Duration.between(sent, Instant.now()))
                                    .as("refused within about one connection timeout")
                                    .isLessThan(Duration.ofSeconds(5));
                            assertThat(write.headers().firstValue("Retry-After"))
                                    .isPresent();
                            assertThat(write.body())
                                    .contains("/problems/storage-unavailable")
                                    .doesNotContain("jdbc:")
                                    .doesNotContain("localhost");
                            refused++;
                        }
                        Thread.sleep(200);
                    }
                } finally {
                    postgres.start();
                }
                assertThat(refused).isGreaterThanOrEqualTo(4);
                Instant restarted = Instant.now();
                while (clientA.send("POST", "/users/9/ratings", "{\"movie\":" + top.get(5) + ",\"rating\":4}", KEYED)
                                .statusCode()
                        != 201) {
                    assertThat(Duration.between(restarted, Instant.now()))
                            .as("writes work again without a restart")
                            .isLessThan(Duration.ofSeconds(30));
                    Thread.sleep(200);
                }
                // The other replica's pool reconnects on its own schedule: the same 30 s for it.
                while (clientB.send("POST", "/users/9/ratings", "{\"movie\":" + top.get(6) + ",\"rating\":3}", KEYED)
                                .statusCode()
                        != 201) {
                    assertThat(Duration.between(restarted, Instant.now()))
                            .as("writes work again on the other replica without a restart")
                            .isLessThan(Duration.ofSeconds(30));
                    Thread.sleep(200);
                }
            } finally {
                load.stop();
            }
            assertThat(load.requests.get()).as("reads during the test").isGreaterThan(200);
            assertThat(load.failures).as("failed reads").isEmpty();
        }
    }

    /**
     * The catalogue shared through the database (#37): a movie retired on A leaves B's lists and
     * similar movies within a second, a window set on A opens and closes on time on both, a bulk load of 50,000 entries on A is served by B within 5 s,
     * and B, restarted, still has both; a read load on both sees no failed request throughout.
     */
    @Test
    void catalogueEditsOnOneReplicaAreServedByTheOther() throws Exception {
        new SyntheticRatings(400, 150, 12_000, 6, 0.5, 0.5, 0.5, 11).writeTo(dir.resolve("ratings.dat"));
        String url = postgres.newDatabase();
        try (ServiceProcess a = instance("a", url, true).start()) {
            TinyService clientA = a.client();
            ServiceProcess b = instance("b", url, false).start();
            TinyService clientB = b.client();
            ReadLoad load = new ReadLoad(List.of(clientA, clientB));
            try {
                long user = 11;
                long first = movies(clientB.send("GET", "/users/" + user + "/recommendations?limit=10", null, Map.of()))
                        .get(0);
                HttpResponse<String> retired = clientA.send("DELETE", "/movies/" + first, null, KEYED);
                assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
                Instant acknowledged = Instant.now();
                while (movies(clientB.send("GET", "/users/" + user + "/recommendations?limit=10", null, Map.of()))
                        .contains(first)) {
                    Thread.sleep(10);
                    assertThat(Duration.between(acknowledged, Instant.now()))
                            .as("B leaves out the movie retired on A")
                            .isLessThan(Duration.ofSeconds(1));
                }
                // A window set on A: hidden on both until it opens, shown on both while open, hidden again
                // once it closes, each on time (the window is read against each request's clock).
                long windowed = movies(
                                clientB.send("GET", "/users/" + user + "/recommendations?limit=10", null, Map.of()))
                        .get(0);
                Instant opens = Instant.now().plusSeconds(3);
                Instant closes = opens.plusSeconds(3);
                HttpResponse<String> window = clientA.send(
                        "PUT",
                        "/movies/" + windowed,
                        "{\"title\":\"Windowed\",\"availableFrom\":\"" + opens + "\",\"availableUntil\":\"" + closes
                                + "\"}",
                        KEYED);
                // 201: the synthetic data has no catalogue file, so the entry is new to the catalogue.
                assertThat(window.statusCode()).as(window.body()).isEqualTo(201);
                awaitOnBoth(
                        List.of(clientA, clientB),
                        user,
                        windowed,
                        false,
                        Instant.now().plusSeconds(1));
                sleepUntil(opens);
                awaitOnBoth(List.of(clientA, clientB), user, windowed, true, opens.plusSeconds(1));
                sleepUntil(closes);
                awaitOnBoth(List.of(clientA, clientB), user, windowed, false, closes.plusSeconds(1));
                for (long movie = 1; movie <= 20; movie++) {
                    HttpResponse<String> similar =
                            clientB.send("GET", "/movies/" + movie + "/similar?limit=10", null, Map.of());
                    assertThat(similar.body()).doesNotContain("\"movieId\":" + first + ",");
                }
                assertThat(clientB.send("GET", "/movies/" + first, null, Map.of())
                                .body())
                        .contains("\"retired\":true");

                StringBuilder file = new StringBuilder();
                for (int i = 0; i < 50_000; i++) {
                    file.append("{\"id\":")
                            .append(1_000_000 + i)
                            .append(",\"title\":\"Bulk ")
                            .append(i)
                            .append("\",\"genres\":[\"Drama\"]}\n");
                }
                Map<String, String> ndjson = new java.util.HashMap<>(KEYED);
                ndjson.put("Content-Type", "application/x-ndjson");
                HttpResponse<String> loaded = clientA.send("PUT", "/movies", file.toString(), ndjson);
                assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);
                assertThat(loaded.body()).contains("\"added\":50000");
                acknowledged = Instant.now();
                while (clientB.send("GET", "/movies/1049999", null, Map.of()).statusCode() != 200) {
                    Thread.sleep(20);
                    assertThat(Duration.between(acknowledged, Instant.now()))
                            .as("B serves the bulk load made on A")
                            .isLessThan(Duration.ofSeconds(5));
                }
                load.stop();
                assertThat(load.requests.get()).as("reads during the test").isGreaterThan(50);
                assertThat(load.failures).as("failed reads").isEmpty();

                b.close();
                b = instance("b", url, false).start();
                clientB = b.client();
                assertThat(clientB.send("GET", "/movies/" + first, null, Map.of())
                                .body())
                        .contains("\"retired\":true");
                assertThat(clientB.send("GET", "/movies/1000000", null, Map.of())
                                .body())
                        .contains("\"title\":\"Bulk 0\"");
            } finally {
                load.stop();
                b.close();
            }
        }
    }

    /**
     * An experiment's hits meet in the database: a list served by A and a liked rating posted to B
     * make one hit, in the report on both; a list shown before both are restarted still makes a hit
     * when its rating arrives after.
     */
    @Test
    void anExperimentCountsAHitWhicheverReplicaServedAndWhicheverReceivedAcrossRestarts() throws Exception {
        new SyntheticRatings(400, 150, 12_000, 6, 0.5, 0.5, 0.5, 13).writeTo(dir.resolve("ratings.dat"));
        String url = postgres.newDatabase();
        ServiceProcess a = instance("a", url, true).start();
        ServiceProcess b = instance("b", url, false).start();
        try {
            TinyService clientA = a.client();
            TinyService clientB = b.client();
            String initial = version(clientA);
            HttpResponse<String> job = clientA.send(
                    "POST",
                    "/training-jobs",
                    "{\"parameters\":{\"factors\":8,\"epochs\":3,\"seed\":7},\"activation\":\"never\"}",
                    KEYED);
            assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
            String other =
                    awaitJob(clientA, job.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> started = clientA.send(
                    "POST",
                    "/experiments",
                    "{\"name\":\"replicas\",\"variants\":[{\"name\":\"A\",\"version\":\"" + initial
                            + "\",\"share\":50},{\"name\":\"B\",\"version\":\"" + other + "\",\"share\":50}]}",
                    KEYED);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);

            // Shown by A, rated on B: a hit in the report of both.
            long user = 21;
            JsonNode shown = awaitVariant(clientA, user);
            String variant = shown.get("variant").asString();
            assertThat(awaitVariant(clientB, user).get("variant").asString())
                    .as("the same split on B")
                    .isEqualTo(variant);
            long movie = shown.get("items").get(0).get("movieId").asLong();
            awaitShowing(url, user, movie); // written in the background, not on the request path
            rate(clientB, user, movie);
            awaitHits(clientA, variant, 1);
            awaitHits(clientB, variant, 1);

            // Shown by B before both restart, rated on A after: still a hit.
            long later = 22;
            JsonNode shownLater = awaitVariant(clientB, later);
            String laterVariant = shownLater.get("variant").asString();
            long laterMovie = shownLater.get("items").get(0).get("movieId").asLong();
            long before = hits(clientA, laterVariant);
            awaitShowing(url, later, laterMovie);
            b.close();
            a.close();
            a = instance("a", url, true).start();
            b = instance("b", url, false).start();
            rate(a.client(), later, laterMovie);
            awaitHits(b.client(), laterVariant, before + 1);
            assertThat(users(a.client(), variant))
                    .as("exposed users survive the restart")
                    .isPositive();
        } finally {
            b.close();
            a.close();
        }
    }

    /** Waits until the database holds the showing of {@code movie} to {@code user}. */
    private static void awaitShowing(String url, long user, long movie) throws Exception {
        Instant deadline = Instant.now().plusSeconds(5);
        try (Connection connection = DriverManager.getConnection(url, RealPostgres.user(), "");
                Statement statement = connection.createStatement()) {
            while (true) {
                try (ResultSet rows =
                        statement.executeQuery("SELECT count(*) FROM experiment_exposures WHERE user_id = " + user
                                + " AND movie_id = " + movie)) {
                    rows.next();
                    if (rows.getLong(1) == 1) {
                        return;
                    }
                }
                assertThat(Instant.now()).as("the showing written in time").isBefore(deadline);
                Thread.sleep(20);
            }
        }
    }

    private static String awaitJob(TinyService client, String location) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            JsonNode job = StrictJson.MAPPER.readTree(
                    client.send("GET", location, null, KEYED).body());
            String status = job.get("status").asString();
            if (status.equals("SUCCEEDED")) {
                return job.get("modelVersion").asString();
            }
            assertThat(status).isIn("QUEUED", "RUNNING");
            assertThat(Instant.now()).as("the job finishes in time").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /** The user's list once the replica serves the experiment's split (a replica follows within seconds). */
    private static JsonNode awaitVariant(TinyService client, long user) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            HttpResponse<String> list =
                    client.send("GET", "/users/" + user + "/recommendations?limit=5", null, Map.of());
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            JsonNode body = StrictJson.MAPPER.readTree(list.body());
            if (body.hasNonNull("variant")) {
                return body;
            }
            assertThat(Instant.now()).as("the split served in time").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static void rate(TinyService client, long user, long movie) throws Exception {
        HttpResponse<String> posted =
                client.send("POST", "/users/" + user + "/ratings", "{\"movie\":" + movie + ",\"rating\":5}", KEYED);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    }

    private static JsonNode variantReport(TinyService client, String variant) throws Exception {
        HttpResponse<String> report = client.send("GET", "/experiments/replicas", null, Map.of());
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        for (JsonNode figures : StrictJson.MAPPER.readTree(report.body()).get("variants")) {
            if (figures.get("name").asString().equals(variant)) {
                return figures;
            }
        }
        throw new AssertionError("no variant " + variant + " in " + report.body());
    }

    private static long hits(TinyService client, String variant) throws Exception {
        return variantReport(client, variant).get("hits").asLong();
    }

    private static long users(TinyService client, String variant) throws Exception {
        return variantReport(client, variant).get("users").asLong();
    }

    private static void awaitHits(TinyService client, String variant, long hits) throws Exception {
        Instant deadline = Instant.now().plusSeconds(5);
        while (hits(client, variant) != hits) {
            assertThat(Instant.now())
                    .as("variant %s reports %d hits in time", variant, hits)
                    .isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * Eight clients post to both instances while each is killed (SIGKILL) in turn: every
     * acknowledged rating is in the database, and the next training job trains on all of them.
     */
    @Test
    void killingEitherInstanceWhileClientsPostLosesNothingAcknowledged() throws Exception {
        new SyntheticRatings(400, 150, 12_000, 6, 0.5, 0.5, 0.5, 12).writeTo(dir.resolve("ratings.dat"));
        String url = postgres.newDatabase();
        try (ServiceProcess a = instance("a", url, true).start();
                ServiceProcess b = instance("b", url, false).start()) {
            List<TinyService> clients = List.of(a.client(), b.client());
            Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean posting = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int c = 0; c < 8; c++) {
                int client = c;
                pool.submit(() -> {
                    for (int i = 0; posting.get(); i++) {
                        long user = 10_000 + client;
                        long movie = 1 + i % 150;
                        int rating = 1 + (client + i) % 5;
                        try {
                            HttpResponse<String> response = clients.get(i % 2)
                                    .send(
                                            "POST",
                                            "/users/" + user + "/ratings",
                                            "{\"movie\":" + movie + ",\"rating\":" + rating + "}",
                                            KEYED);
                            if (response.statusCode() == 201) {
                                acknowledged.put(user + " " + movie, rating);
                            }
                        } catch (Exception refusedWhileDown) {
                            // Not acknowledged: nothing to check.
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(3_000);
            a.kill();
            Thread.sleep(1_000);
            a.start();
            Thread.sleep(2_000);
            b.kill();
            Thread.sleep(1_000);
            b.start();
            Thread.sleep(2_000);
            posting.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            assertThat(acknowledged).hasSizeGreaterThan(100);

            // Every acknowledged rating is the latest of its user and movie in the database.
            Map<String, Integer> stored = new ConcurrentHashMap<>();
            long lastId;
            try (Connection connection = DriverManager.getConnection(url, RealPostgres.user(), "");
                    Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT user_id, movie_id, rating FROM rating_events WHERE kind = 'R' ORDER BY id")) {
                    while (rows.next()) {
                        stored.put(rows.getLong(1) + " " + rows.getLong(2), Math.round(rows.getFloat(3)));
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT max(id) FROM rating_events")) {
                    rows.next();
                    lastId = rows.getLong(1);
                }
            }
            // A later post of the same pair may have been acknowledged before an earlier one's answer
            // arrived; what matters is that each acknowledged pair is stored.
            assertThat(stored.keySet()).containsAll(acknowledged.keySet());

            // The next training job (on A, the owner) trains on all of it.
            HttpResponse<String> job = a.client().send("POST", "/training-jobs", "{\"activation\":\"never\"}", KEYED);
            assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
            String location = job.headers().firstValue("Location").orElseThrow();
            JsonNode record;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            do {
                Thread.sleep(200);
                record = StrictJson.MAPPER.readTree(
                        a.client().send("GET", location, null, Map.of()).body());
                assertThat(Instant.now()).as("the job ends in time").isBefore(deadline);
            } while (!Set.of("SUCCEEDED", "FAILED", "CANCELLED")
                    .contains(record.get("status").asString()));
            assertThat(record.get("status").asString()).as(record.toString()).isEqualTo("SUCCEEDED");
            JsonNode manifest = StrictJson.MAPPER.readTree(a.client()
                    .send("GET", "/models/" + record.get("modelVersion").asString(), null, Map.of())
                    .body());
            assertThat(manifest.findValue("postedThrough").asLong()).isGreaterThanOrEqualTo(lastId);
        }
    }

    /** Waits until {@code movie} is (or is not) on {@code user}'s first ten on every replica, failing after {@code deadline}. */
    private static void awaitOnBoth(List<TinyService> replicas, long user, long movie, boolean shown, Instant deadline)
            throws Exception {
        for (TinyService replica : replicas) {
            while (movies(replica.send("GET", "/users/" + user + "/recommendations?limit=10", null, Map.of()))
                            .contains(movie)
                    != shown) {
                assertThat(Instant.now())
                        .as("movie %d %s on every replica in time", movie, shown ? "shown" : "hidden")
                        .isBefore(deadline);
                Thread.sleep(10);
            }
        }
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static List<Long> movies(HttpResponse<String> recommendations) {
        assertThat(recommendations.statusCode()).as(recommendations.body()).isEqualTo(200);
        List<Long> movies = new ArrayList<>();
        for (JsonNode item : StrictJson.MAPPER.readTree(recommendations.body()).get("items")) {
            movies.add(item.get("movieId").asLong());
        }
        return movies;
    }

    private static String version(TinyService client) throws Exception {
        HttpResponse<String> response = client.send("GET", "/users/1/recommendations?limit=1", null, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StrictJson.MAPPER.readTree(response.body()).get("modelVersion").asString();
    }

    /** Two threads reading from both instances until stopped; any answer but 200 is a failure. */
    private static final class ReadLoad {

        final AtomicLong requests = new AtomicLong();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        ReadLoad(List<TinyService> clients) {
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < 2; t++) {
                Thread thread = new Thread(() -> {
                    Set<Integer> users = new HashSet<>(List.of(1, 2, 3, 9, 11, 42));
                    while (running.get()) {
                        int i = next.incrementAndGet();
                        TinyService client = clients.get(i % clients.size());
                        int user = users.stream()
                                .skip(i % users.size())
                                .findFirst()
                                .orElse(1);
                        try {
                            HttpResponse<String> response = i % 3 == 0
                                    ? client.send(
                                            "POST",
                                            "/predictions",
                                            "{\"pairs\":[{\"user\":" + user + ",\"movie\":1}]}",
                                            Map.of())
                                    : client.send("GET", "/users/" + user + "/recommendations", null, Map.of());
                            requests.incrementAndGet();
                            if (response.statusCode() != 200) {
                                failures.add(response.statusCode() + " " + response.body());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }
    }
}
