package io.mfrecommender.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.mfrecommender.api.StorageUnavailableException;
import io.mfrecommender.data.DataLoadException;
import io.mfrecommender.data.DataProperties;
import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.Database;
import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.events.EventsProperties;
import io.mfrecommender.events.EventsService;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.ratings.RatingLog.Entry;
import io.mfrecommender.training.StrictJson;
import io.mfrecommender.versions.PostedRatings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The posted ratings in a real PostgreSQL server, written and read by two instances (two stores on
 * one database, as two replicas are): the journal's semantics (latest per user and movie, removal,
 * erasure wins), every write seen by the other instance in id order, erasure deleting the rows,
 * and an outage answered with 503 and recovered from without a restart.
 */
class PostgresRatingsIT {

    @TempDir
    static Path serverDirectory;

    private static RealPostgres postgres;

    @TempDir
    Path dir;

    private final List<HikariDataSource> pools = new ArrayList<>();
    private String url;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = new RealPostgres(serverDirectory.resolve("pg"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        url = postgres.newDatabase();
    }

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    private HikariDataSource pool() {
        HikariDataSource pool = RealPostgres.pool(url);
        pools.add(pool);
        return pool;
    }

    private PostedRatingsStore store(RatingLog log) {
        return new PostedRatingsStore(log, Timer.builder("fold-in").register(new SimpleMeterRegistry()));
    }

    @Test
    void aStoreOnPostgresHasTheJournalsSemantics() {
        PostedRatingsStore store = store(new PostgresRatingLog(new Database(pool())));
        store.append(List.of(
                Entry.rating(10, 100, 4, 5_000),
                Entry.rating(10, 200, 2, 6_000),
                Entry.rating(40, 300, 5, 7_000),
                Entry.deleteUser(20, 8_000),
                Entry.rating(20, 100, 1, 9_000)));
        store.append(List.of(Entry.deleteRating(30, 100, 10_000)));

        PostedRatings.Snapshot snapshot = store.withPosted(TinyRatings.data());
        assertThat(snapshot.through()).isEqualTo(6);
        assertThat(rows(snapshot.data().ratings()))
                .containsExactlyInAnyOrder("10 100 4.0 5", "10 200 2.0 6", "20 100 1.0 9", "40 300 5.0 7");
        assertThat(snapshot.data().description()).isEqualTo("tiny + 4 posted ratings, 1 users erased");

        // Replayed by a new instance from the database alone: the same state.
        PostedRatingsStore restarted = store(new PostgresRatingLog(new Database(pool())));
        PostedRatings.Snapshot again = restarted.withPosted(TinyRatings.data());
        assertThat(again.through()).isEqualTo(6);
        assertThat(rows(again.data().ratings())).isEqualTo(rows(snapshot.data().ratings()));
        for (long user : new long[] {10, 20, 30, 40}) {
            assertThat(restarted.ratings(user).ratings())
                    .isEqualTo(store.ratings(user).ratings());
        }
    }

    @Test
    void aRatingPostedToOneReplicaIsFoldedIntoTheOtherAndAnErasureRemovesTheRows() throws Exception {
        TinyRatings a = new TinyRatings(dir.resolve("a"), new PostgresRatingLog(new Database(pool())));
        TinyRatings b = new TinyRatings(dir.resolve("b"), new PostgresRatingLog(new Database(pool())));

        a.service.post(77, json("[{\"movie\":100,\"rating\":5},{\"movie\":300,\"rating\":4}]"));
        a.service.post(77, json("[{\"movie\":100,\"rating\":2}]")); // the latest wins
        assertThat(b.registry.current().user(77).kind()).isEqualTo(ServedUser.Kind.UNKNOWN);

        PostedRatingsStore.CaughtUp caught = b.store.catchUp();
        assertThat(caught.users()).containsExactly(77L);
        b.active.update(serving -> b.store.foldIn(serving, caught));
        assertThat(b.store.ratings(77).ratings())
                .extracting(r -> r.movie() + ":" + r.rating())
                .containsExactly("100:2.0", "300:4.0");
        assertThat(b.registry.current().user(77).kind()).isNotEqualTo(ServedUser.Kind.UNKNOWN);
        assertThat(b.registry.current().overlay().get(77).rankerVector())
                .containsExactly(a.registry.current().overlay().get(77).rankerVector());

        // Erased through B: the rows leave the database, and A learns of it by digest alone.
        b.service.eraseUser(77);
        b.service.eraseUser(10); // a user of the loaded data, unknown to A's posted state
        JdbcTemplate jdbc = new JdbcTemplate(pool());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rating_events WHERE user_id = 77", Long.class))
                .isZero();
        assertThat(jdbc.queryForList("SELECT kind FROM rating_events ORDER BY id", String.class))
                .containsExactly("X", "X");
        assertThat(jdbc.queryForList("SELECT digest FROM rating_events", String.class))
                .allMatch(digest -> digest.matches("[0-9a-f]{64}"));

        PostedRatingsStore.CaughtUp erased = a.store.catchUp();
        a.active.update(serving -> a.store.foldIn(serving, erased));
        assertThat(a.store.ratings(77).ratings()).isEmpty();
        assertThat(a.store.ratings(10).ratings()).isEmpty();
        assertThat(a.registry.current().user(77).kind()).isEqualTo(ServedUser.Kind.UNKNOWN);
        assertThat(a.registry.current().user(10).kind()).isEqualTo(ServedUser.Kind.UNKNOWN);
    }

    /**
     * A "not interested" posted to A leaves B's next list within a second (B's follower polling every
     * 200 ms, as configured by default), events replay from the database alone, and an erasure deletes
     * the user's event rows.
     */
    @Test
    void eventsReachTheOtherReplicaWithinASecondAndLeaveWithTheUser() throws Exception {
        TinyRatings a = new TinyRatings(dir.resolve("a"), new PostgresRatingLog(new Database(pool())));
        TinyRatings b = new TinyRatings(dir.resolve("b"), new PostgresRatingLog(new Database(pool())));
        EventsService events = new EventsService(
                a.active, a.store, EventsProperties.defaults(), new SimpleMeterRegistry(), java.time.Clock.systemUTC());
        try (SharedRatingsFollower follower =
                new SharedRatingsFollower(b.store, b.active, java.time.Duration.ofMillis(200))) {
            assertThat(listed(b, 10)).contains(300L);
            long posted = System.nanoTime();
            events.post(10, json("[{\"movie\":300,\"type\":\"not-interested\"},{\"movie\":100,\"type\":\"play\"}]"));
            while (listed(b, 10).contains(300L)) {
                assertThat(System.nanoTime() - posted).isLessThan(TimeUnit.SECONDS.toNanos(1));
                Thread.sleep(10);
            }
            assertThat(b.registry.current().overlay().get(10).rankerVector())
                    .containsExactly(a.registry.current().overlay().get(10).rankerVector());
        }

        PostedRatingsStore restarted = store(new PostgresRatingLog(new Database(pool())));
        restarted.withPosted(TinyRatings.data());
        assertThat(restarted.events(10)).isEqualTo(a.store.events(10));
        assertThat(restarted.events(10).get(300L)).containsOnlyKeys("not-interested");

        JdbcTemplate jdbc = new JdbcTemplate(pool());
        assertThat(jdbc.queryForList("SELECT kind FROM rating_events WHERE user_id = 10", String.class))
                .containsExactly("E", "E");
        b.service.eraseUser(10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rating_events WHERE user_id = 10", Long.class))
                .isZero();
        assertThat(b.store.events(10)).isEmpty();
    }

    private static List<Long> listed(TinyRatings replica, long user) {
        var list = new io.mfrecommender.recommendation.RecommendationService(
                replica.registry, io.mfrecommender.model.ServingProperties.defaults(), new SimpleMeterRegistry());
        return list.recommend(user, 10, 0, false, null, null).items().stream()
                .map(io.mfrecommender.recommendation.Recommendation::movieId)
                .toList();
    }

    /**
     * Four writers on two instances and a reader polling all the while: the reader applies every
     * committed entry exactly once and in id order, never passing one that commits later (the
     * write lock orders commits).
     */
    @Test
    void aReaderPollingDuringConcurrentWritesMissesNothing() throws Exception {
        PostedRatingsStore a = store(new PostgresRatingLog(new Database(pool())));
        PostedRatingsStore b = store(new PostgresRatingLog(new Database(pool())));
        PostgresRatingLog readerLog = new PostgresRatingLog(new Database(pool()));
        a.withPosted(TinyRatings.data());
        b.withPosted(TinyRatings.data());
        Map<Long, Entry> seen = new ConcurrentHashMap<>();
        List<Long> order = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            long last = 0;
            while (writing.get() || last < readerLog.lastSequence()) {
                last = readerLog.readAfter(last, (entry, sequence, line) -> {
                    order.add(sequence);
                    seen.put(sequence, entry);
                });
            }
        });
        reader.start();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            PostedRatingsStore store = t % 2 == 0 ? a : b;
            long user = 1000 + t;
            done.add(writers.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    store.append(List.of(
                            Entry.rating(user, 100 + i % 3 * 100, 1 + i % 5, i), Entry.rating(user, 999, 3, i)));
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        writers.shutdown();
        writing.set(false);
        reader.join(30_000);

        assertThat(order).hasSize(800).isSorted().doesNotHaveDuplicates();
        assertThat(seen).hasSize(800);
        a.catchUp();
        b.catchUp();
        for (long user = 1000; user < 1004; user++) {
            assertThat(a.ratings(user).ratings())
                    .hasSize(4)
                    .isEqualTo(b.ratings(user).ratings());
        }
    }

    /**
     * The database stopped: writes answer 503 (nothing stored), reads answer from memory; started
     * again, writes succeed without a restart of the service.
     */
    @Test
    void anOutageRefusesWritesKeepsReadsAndRecoversByItself() throws Exception {
        TinyRatings tiny = new TinyRatings(dir, new PostgresRatingLog(new Database(pool())));
        tiny.service.post(77, json("[{\"movie\":100,\"rating\":5}]"));

        postgres.stop();
        try {
            assertThatThrownBy(() -> tiny.service.post(77, json("[{\"movie\":300,\"rating\":4}]")))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageNotContaining("localhost")
                    .hasMessageNotContaining("jdbc");
            assertThat(tiny.store.writeFailure()).isPresent();
            assertThat(tiny.store.writeFailure().orElseThrow().reason())
                    .startsWith("the ratings database cannot be reached");
            assertThat(tiny.service.list(77, 10, 0).ratings()).hasSize(1);
            assertThat(tiny.store.probeWrites()).isFalse();
        } finally {
            postgres.start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!tiny.store.probeWrites()) { // the pool reconnects by itself
            assertThat(System.nanoTime()).as("writes work again").isLessThan(deadline);
            Thread.sleep(100);
        }
        tiny.service.post(77, json("[{\"movie\":300,\"rating\":4}]"));
        assertThat(tiny.store.writeFailure()).isEmpty();
        assertThat(tiny.service.list(77, 10, 0).ratings()).hasSize(2);
        assertThat(new JdbcTemplate(pool()).queryForObject("SELECT count(*) FROM rating_events", Long.class))
                .isEqualTo(2);
    }

    /**
     * Ratings to train on, streamed from the database (the migrations' {@code ratings} table, or a
     * query): the same dataset and fingerprint as the same ratings from a file; a later row of a
     * user and movie wins; a bad row is skipped in lenient mode and stops a strict load.
     */
    @Test
    void ratingsLoadFromTheDatabaseAsFromAFile() throws Exception {
        Path file = dir.resolve("ratings.dat");
        new SyntheticRatings(300, 120, 6_000, 4, 0.5, 0.5, 0.5, 3).writeTo(file);
        Database database = new Database(pool());
        database.migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        List<Object[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("::");
            rows.add(new Object[] {
                Long.parseLong(f[0]), Long.parseLong(f[1]), Float.parseFloat(f[2]), Long.parseLong(f[3])
            });
        }
        jdbc.batchUpdate("INSERT INTO ratings (user_id, movie_id, rating, rated_at) VALUES (?, ?, ?, ?)", rows);

        LoadedData fromFile =
                new DataSourceLoader(properties(DataProperties.Source.FILE, file, ParseMode.STRICT, null)).load();
        LoadedData fromDatabase = new DataSourceLoader(
                        properties(DataProperties.Source.JDBC, null, ParseMode.STRICT, null), database)
                .load();
        assertThat(fromDatabase.ratings().size()).isEqualTo(fromFile.ratings().size());
        assertThat(fromDatabase.ratings().fingerprint())
                .isEqualTo(fromFile.ratings().fingerprint());
        assertThat(fromDatabase.ratings().scale()).isEqualTo(fromFile.ratings().scale());
        assertThat(fromDatabase.description()).doesNotContain("jdbc").doesNotContain("localhost");

        // A later row wins; a null rating is skipped (lenient) or stops the load (strict).
        jdbc.update("INSERT INTO ratings (user_id, movie_id, rating, rated_at) VALUES (1, 1, 2, 99), (1, 1, 5, 100)");
        String withNull = "SELECT user_id, movie_id, CASE WHEN id = 3 THEN NULL ELSE rating END, rated_at "
                + "FROM ratings ORDER BY id";
        LoadedData lenient = new DataSourceLoader(
                        properties(DataProperties.Source.JDBC, null, ParseMode.LENIENT, withNull), database)
                .load();
        assertThat(lenient.report().skippedLines()).isEqualTo(1);
        assertThat(lenient.report().problems()).containsExactly("database query: row 3: a null user, movie or rating");
        Dataset loaded = lenient.ratings();
        int user = loaded.users().indexOrMinusOne(1);
        int[] offsets = loaded.userOffsets();
        float latest = Float.NaN;
        for (int row = offsets[user]; row < offsets[user + 1]; row++) {
            if (loaded.itemId(row) == 1) {
                latest = loaded.rating(row);
            }
        }
        assertThat(latest).isEqualTo(5f);
        assertThatThrownBy(() -> new DataSourceLoader(
                                properties(DataProperties.Source.JDBC, null, ParseMode.STRICT, withNull), database)
                        .load())
                .isInstanceOf(DataLoadException.class)
                .hasMessage("database query: row 3: a null user, movie or rating (parse mode strict)");
        assertThatThrownBy(() -> new DataSourceLoader(
                                properties(DataProperties.Source.JDBC, null, ParseMode.STRICT, "SELECT 1 FROM nothing"),
                                database)
                        .load())
                .isInstanceOf(DataLoadException.class)
                .hasMessageStartingWith("recommender.data.query failed: ERROR: relation \"nothing\" does not exist")
                .hasMessageContaining("(SQL state 42P01)");
    }

    private DataProperties properties(DataProperties.Source source, Path ratings, ParseMode mode, String query) {
        return new DataProperties(source, ratings, null, dir, mode, null, null, null, query);
    }

    private static List<String> rows(Dataset data) {
        List<String> rows = new ArrayList<>();
        for (int row = 0; row < data.size(); row++) {
            rows.add(data.userId(row) + " " + data.itemId(row) + " " + data.rating(row) + " " + data.timestamp(row));
        }
        return rows;
    }

    private static JsonNode json(String text) {
        return StrictJson.MAPPER.readTree(text);
    }
}
