package io.mfrecommender.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.mfrecommender.TestClock;
import io.mfrecommender.data.Database;
import io.mfrecommender.ratings.RealPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiments' shared figures in a real PostgreSQL, written by two stores as two replicas write
 * them: a list served by one and a liked rating received by the other make one hit, counted once,
 * remembered across a restart, within the bounds, erased together, and written after an outage.
 */
class PostgresFigureStoreIT {

    @TempDir
    static Path serverDirectory;

    private static RealPostgres postgres;

    private HikariDataSource pool;
    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<String> hits = new ArrayList<>();
    private final ExperimentProperties properties =
            ExperimentProperties.defaults().withRemembered(10, 100, 50);

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
        pool = RealPostgres.pool(postgres.newDatabase());
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    private PostgresFigureStore replica(SimpleMeterRegistry meters) {
        return new PostgresFigureStore(new Database(pool), properties, meters, clock);
    }

    private PostgresFigureStore replica() {
        return replica(new SimpleMeterRegistry());
    }

    private void like(FigureStore store, long user, long movie) {
        store.liked(user, movie, clock.millis() - properties.hitWindow().toMillis(), (e, v) -> hits.add(e + "/" + v));
    }

    @Test
    void aListServedByOneReplicaIsAHitWhenTheOtherReceivesTheRatingAndARestartForgetsNothing() {
        try (PostgresFigureStore a = replica();
                PostgresFigureStore b = replica()) {
            a.served(1, "x", "B", new long[] {10, 11, 12}, clock.millis());
            a.served(2, "x", "A", new long[] {10}, clock.millis());
            b.served(2, "x", "A", new long[] {13}, clock.millis());
            a.flush();
            b.flush();

            like(b, 1, 11);
            like(b, 2, 99); // never shown
            b.flush();
            assertThat(hits).containsExactly("x/B");
            Map<String, FigureStore.Counts> counts = a.counts("x");
            assertThat(counts).containsEntry("A", new FigureStore.Counts(1, 2, 0, 0));
            assertThat(counts).containsEntry("B", new FigureStore.Counts(1, 1, 1, 1));
            assertThat(b.counts("x")).isEqualTo(counts);

            like(a, 1, 11); // the showing counted once, whichever replica is told again
            a.flush();
            assertThat(hits).containsExactly("x/B");
            assertThat(a.names(1)).isTrue();
            assertThat(a.rememberedUsers()).isEqualTo(2);
        }
        // Both restarted: the showings not rated yet are still there.
        try (PostgresFigureStore restarted = replica()) {
            like(restarted, 1, 12);
            like(restarted, 2, 13);
            restarted.flush();
            assertThat(hits).containsExactly("x/B", "x/B", "x/A");
            assertThat(restarted.counts("x"))
                    .containsEntry("A", new FigureStore.Counts(1, 2, 1, 1))
                    .containsEntry("B", new FigureStore.Counts(1, 1, 2, 1));
        }
    }

    @Test
    void theMemoryIsBoundedPerUserInTotalAndByTheHitWindow() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (PostgresFigureStore store = replica(meters)) {
            store.served(1, "x", "A", LongStream.rangeClosed(1, 10).toArray(), clock.millis());
            clock.advance(Duration.ofSeconds(1));
            store.served(1, "x", "A", LongStream.rangeClosed(11, 15).toArray(), clock.millis());
            store.flush();
            like(store, 1, 3); // among the five oldest, dropped for the newer ones (10 per user)
            like(store, 1, 8);
            like(store, 1, 15);
            store.flush();
            assertThat(hits).containsExactly("x/A", "x/A");

            // 8 more users × 10: 88 showings, 38 more than 50 in total, the oldest go at the next prune.
            for (long user = 2; user <= 9; user++) {
                clock.advance(Duration.ofSeconds(1));
                store.served(user, "x", "A", LongStream.rangeClosed(1, 10).toArray(), clock.millis());
            }
            store.prune();
            assertThat(meters.get("recommender.experiment.remembered.movies")
                            .gauge()
                            .value())
                    .isEqualTo(50.0);
            assertThat(meters.get("recommender.experiment.shared.evicted")
                            .counter()
                            .count())
                    .isEqualTo(8 + 80 - 50.0);
            like(store, 2, 5); // user 2 was served first of the eight: forgotten
            like(store, 9, 5);
            store.flush();
            assertThat(hits).containsExactly("x/A", "x/A", "x/A");

            // Past the hit window a showing is no hit, and the prune deletes it.
            clock.advance(properties.hitWindow().plusSeconds(1));
            like(store, 9, 6);
            store.prune();
            assertThat(hits).hasSize(3);
            assertThat(meters.get("recommender.experiment.remembered.movies")
                            .gauge()
                            .value())
                    .isZero();
            assertThat(store.counts("x").get("A").lists()).isEqualTo(10);
        }
    }

    @Test
    void anErasureOnEitherReplicaRemovesTheUserAndAnEndForgetsItsShowings() {
        try (PostgresFigureStore a = replica();
                PostgresFigureStore b = replica()) {
            a.served(1, "x", "A", new long[] {1, 2}, clock.millis());
            a.served(2, "x", "B", new long[] {1, 2}, clock.millis());
            a.flush();
            assertThat(b.erase(List.of(1L))).isEmpty();
            assertThat(a.names(1)).isFalse();
            assertThat(a.counts("x")).doesNotContainKey("A").containsKey("B");

            b.clearRecent("x");
            b.flush();
            like(a, 2, 1);
            a.flush();
            assertThat(hits).isEmpty();
            assertThat(a.counts("x").get("B").users()).isEqualTo(1);
        }
    }

    @Test
    void whileTheDatabaseIsDownListsAreQueuedAndTheReportGivesTheLastFiguresRead() throws Exception {
        try (PostgresFigureStore store = replica()) {
            store.served(1, "x", "A", new long[] {1}, clock.millis());
            store.flush();
            Map<String, FigureStore.Counts> before = store.counts("x");
            postgres.stop();
            try {
                store.served(1, "x", "A", new long[] {2}, clock.millis());
                assertThat(store.counts("x")).isEqualTo(before);
            } finally {
                postgres.start();
            }
            store.flush();
            like(store, 1, 2);
            store.flush();
            assertThat(hits).containsExactly("x/A");
            assertThat(store.counts("x").get("A")).isEqualTo(new FigureStore.Counts(1, 2, 1, 1));
        }
    }
}
