package io.mfrecommender.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.EventTable;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.WriteFailedException;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.TinyServing;
import io.mfrecommender.model.UserOverlay;
import io.mfrecommender.ratings.RatingLog.Entry;
import io.mfrecommender.training.FoldIn;
import io.mfrecommender.training.StrictJson;
import io.mfrecommender.versions.PostedRatings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The journal's state beside {@link TinyServing}'s data (10 rated 200: 3; 20 rated 300: 1; 30 rated 100: 5). */
class PostedRatingsStoreTests {

    @TempDir
    Path dir;

    private PostedRatingsStore store() {
        return new PostedRatingsStore(
                new RatingJournal(dir.resolve("journal")),
                Timer.builder("fold-in").register(new SimpleMeterRegistry()));
    }

    @Test
    void trainingDataIsTheLoadedDataWithTheJournalApplied() {
        PostedRatingsStore store = store();
        store.append(List.of(
                Entry.rating(10, 100, 4, 5_000),
                Entry.rating(10, 200, 2, 6_000),
                Entry.rating(40, 300, 5, 7_000),
                Entry.deleteUser(20, 8_000),
                Entry.rating(20, 100, 1, 9_000)));
        store.append(List.of(Entry.deleteRating(30, 100, 10_000)));

        PostedRatings.Snapshot snapshot = store.withPosted(TinyRatings.data());
        assertThat(snapshot.through()).isEqualTo(6);
        Dataset merged = snapshot.data().ratings();
        // 10: 100 → 4 (posted), 200 → 2 (posted over the data's 3); 20: erased, then rated 100; 30: removed; 40: new.
        assertThat(rows(merged))
                .containsExactlyInAnyOrder("10 100 4.0 5", "10 200 2.0 6", "20 100 1.0 9", "40 300 5.0 7");
        assertThat(merged.scale()).isEqualTo(TinyServing.ratings().scale());
        assertThat(snapshot.data().description()).isEqualTo("tiny + 4 posted ratings, 1 users erased");

        assertThat(store.ratings(20).ratings())
                .extracting(PostedRatingsStore.UserRating::movie)
                .containsExactly(100L);
        assertThat(store.ratings(30).ratings()).isEmpty();
    }

    /** Events and their removals replay from the journal, compacted or not, to the same tallies and dismissals. */
    @Test
    void eventsSurviveARestartAndACompaction() {
        PostedRatingsStore store = store();
        store.withPosted(TinyRatings.data());
        store.append(List.of(
                Entry.event(10, 100, "play", 2, 5_000),
                Entry.event(10, 300, "not-interested", 1, 6_000),
                Entry.event(40, 200, "view", 1, 7_000)));
        store.append(List.of(Entry.event(10, 100, "play", 1, 4_000), Entry.event(40, 300, "list", 1, 8_000)));
        assertThat(store.removeEvents(40, 300, "list", 9_000)).isTrue();
        assertThat(store.removeEvents(40, 300, "list", 9_000)).isFalse();
        assertThat(store.events(10).get(100L).get("play")).isEqualTo(new PostedRatingsStore.EventTally(3, 5_000));
        assertThat(store.events(40)).containsOnlyKeys(200L);
        ServingModel served = store.foldChangedSince(TinyServing.withRanker(), 0);
        UserOverlay.FoldedUser before = served.overlay().get(10);
        assertThat(before.dismissed()).containsExactly(served.itemIndex(300));

        for (boolean compacted : new boolean[] {false, true}) {
            if (compacted) {
                store.compact();
            }
            PostedRatingsStore restarted = store();
            restarted.withPosted(TinyRatings.data());
            assertThat(restarted.events(10)).as("compacted %s", compacted).isEqualTo(store.events(10));
            assertThat(restarted.events(40)).isEqualTo(store.events(40));
            // A version trained since (postedThrough past every entry) still folds the users with events.
            var model = TinyServing.withRanker().model();
            ServingModel trained = new ServingModel(
                    model.withManifest(model.manifest().withPostedThrough(99)),
                    TinyServing.ratings(),
                    TinyServing.catalog(),
                    io.mfrecommender.model.Popularity.COUNT_TIMES_MEAN,
                    10);
            UserOverlay.FoldedUser after =
                    restarted.foldChangedSince(trained, 99).overlay().get(10);
            assertThat(after.dismissed()).containsExactly(before.dismissed());
            assertThat(after.rankerVector()).containsExactly(before.rankerVector());
        }
    }

    /** A version trains on the loaded events of users not erased since, and on every posted tally. */
    @Test
    void trainingEventsAreTheLoadedOnesWithThePostedOnesAndNoneOfAnErasedUser() {
        PostedRatingsStore store = store();
        EventTable loadedEvents = new EventTable.Builder()
                .add(10, 100, "view", 2, 5)
                .add(20, 300, "play", 1, 6)
                .build();
        LoadedData loaded = TinyRatings.data().withEvents(loadedEvents, "tiny + events");
        store.append(List.of(
                Entry.event(10, 100, "view", 1, 9_000),
                Entry.event(40, 200, "purchase", 1, 8_000),
                Entry.deleteUser(20, 10_000)));
        PostedRatings.Snapshot snapshot = store.withPosted(loaded);
        EventTable events = snapshot.data().events();
        List<String> rows = new ArrayList<>();
        for (int e = 0; e < events.size(); e++) {
            rows.add(events.user(e) + " " + events.movie(e) + " " + events.type(e) + " " + events.count(e) + " "
                    + events.lastSeconds(e));
        }
        assertThat(rows).containsExactlyInAnyOrder("10 100 view 3 9", "40 200 purchase 1 8");
        assertThat(snapshot.data().description())
                .isEqualTo("tiny + events + 0 posted ratings + 2 posted events, 1 users erased");
    }

    @Test
    void withoutAJournalTheLoadedDataIsUsedAsIs() {
        LoadedData data = TinyRatings.data();
        PostedRatings.Snapshot snapshot = store().withPosted(data);
        assertThat(snapshot.data()).isSameAs(data);
        assertThat(snapshot.through()).isZero();
    }

    @Test
    void aVersionFoldsInOnlyTheUsersChangedAfterItsTraining() {
        PostedRatingsStore store = store();
        store.withPosted(TinyRatings.data());
        store.append(List.of(Entry.rating(10, 100, 5, 1)));
        store.append(List.of(Entry.rating(77, 300, 4, 2)));
        store.append(List.of(Entry.deleteUser(20, 3)));
        ServingModel base = TinyServing.withRanker();

        ServingModel all = store.foldChangedSince(base, 0);
        assertThat(all.overlay().size()).isEqualTo(3);
        assertThat(all.user(10).kind().name()).isEqualTo("FOLDED_IN");
        assertThat(all.user(20).known()).isFalse();

        // Trained through entry 2: only the erasure (entry 3) is still to apply.
        ServingModel later = store.foldChangedSince(base, 2);
        assertThat(later.overlay().size()).isEqualTo(1);
        assertThat(later.user(10).kind().name()).isEqualTo("TRAINED");
        assertThat(later.user(20).known()).isFalse();
    }

    @Test
    void aRestartReplaysTheSameState() {
        PostedRatingsStore store = store();
        store.append(List.of(Entry.rating(10, 100, 4, 5_000), Entry.rating(77, 300, 2, 6_000)));
        store.append(List.of(Entry.deleteUser(10, 7_000)));
        store.removeRating(77, 300, 8_000);
        store.append(List.of(Entry.rating(77, 100, 3, 9_000)));

        PostedRatingsStore restarted = store();
        assertThat(restarted.sequence()).isEqualTo(store.sequence()).isEqualTo(5);
        for (long user : new long[] {10, 20, 30, 77}) {
            store.withPosted(TinyRatings.data());
            restarted.withPosted(TinyRatings.data());
            assertThat(restarted.ratings(user)).as("user " + user).isEqualTo(store.ratings(user));
        }
    }

    /**
     * Four threads post for two shared users and one own user each: every acknowledged rating is in
     * the journal once, nothing is torn, and the published snapshot holds each user's fold of
     * their final ratings.
     */
    @Test
    void concurrentPostsLoseNothingAndPublishTheLatestFold() throws Exception {
        TinyRatings tiny = new TinyRatings(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long own = 1000 + t;
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    float rating = 1 + (thread * 50 + i) % 5;
                    long shared = i % 2 == 0 ? 10 : 77;
                    tiny.service.post(
                            shared, json("[{\"movie\":" + (100 + 100 * (i % 3)) + ",\"rating\":" + rating + "}]"));
                    tiny.service.post(
                            own, json("[{\"movie\":" + (100 + 100 * (i % 3)) + ",\"rating\":" + rating + "}]"));
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();

        // Each post is one committed batch: its rating line, then its commit line.
        List<String> lines = Files.readAllLines(tiny.journal);
        assertThat(lines.stream().filter(line -> line.startsWith("R ")))
                .hasSize(400)
                .allMatch(line -> line.matches("R \\d+ \\d+ [0-9.]+ \\d+"));
        assertThat(lines.stream().filter(line -> !line.startsWith("R ")))
                .hasSize(401)
                .allMatch(line -> line.equals("V 2") || line.matches("C 1 \\d+ [0-9a-f]{8}"));
        PostedRatingsStore replayed = new PostedRatingsStore(
                new RatingJournal(tiny.journal), Timer.builder("fold-in").register(new SimpleMeterRegistry()));
        replayed.withPosted(TinyRatings.data());
        ServingModel served = tiny.registry.current();
        FoldIn foldIn = FoldIn.forModel(served.model());
        for (long user : new long[] {10, 77, 1000, 1001, 1002, 1003}) {
            List<PostedRatingsStore.UserRating> ratings = replayed.ratings(user).ratings();
            assertThat(ratings)
                    .as("user " + user)
                    .isEqualTo(tiny.store.ratings(user).ratings());
            int[] items = ratings.stream()
                    .mapToInt(r -> served.model().items().indexOrMinusOne(r.movie()))
                    .toArray();
            float[] values = new float[ratings.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = ratings.get(i).rating();
            }
            FoldIn.Folded expected = foldIn.fold(items, values);
            UserOverlay.FoldedUser published = served.overlay().get(user);
            assertThat(published.sequence()).isEqualTo(tiny.store.ratings(user).sequence());
            assertThat(published.bias()).isCloseTo(expected.bias(), within(1e-6f));
            assertThat(published.rankerVector()[0]).isCloseTo(expected.rankerVector()[0], within(1e-6f));
        }
    }

    private static JsonNode json(String text) {
        return StrictJson.MAPPER.readTree(text);
    }

    private static List<String> rows(Dataset data) {
        List<String> rows = new ArrayList<>();
        for (int row = 0; row < data.size(); row++) {
            rows.add(data.userId(row) + " " + data.itemId(row) + " " + data.rating(row) + " " + data.timestamp(row));
        }
        return rows;
    }

    /**
     * Erasure erases: after the compaction an erasure triggers, the journal names neither the erased
     * users' ratings nor their ids, and a restart still hides them, their loaded ratings and their
     * trained vectors included.
     */
    @Test
    void afterAnErasureAndItsCompactionTheJournalHoldsNothingOfTheUser() throws Exception {
        PostedRatingsStore store = store();
        store.withPosted(TinyRatings.data());
        store.append(List.of(Entry.rating(987_654_321L, 100, 4, 5_000), Entry.rating(30, 300, 2, 6_000)));
        store.append(List.of(Entry.rating(10, 100, 5, 7_000)));
        store.append(List.of(Entry.deleteUser(987_654_321L, 8_000)));
        store.append(List.of(Entry.deleteUser(10, 9_000)));
        store.compact();

        String journal = Files.readString(dir.resolve("journal"));
        assertThat(journal).doesNotContain("987654321").doesNotContainPattern("(?m)^[RDU] 10 ");
        assertThat(journal).containsPattern("(?m)^R 30 300 2.0 6000$");

        PostedRatingsStore restarted = store();
        restarted.withPosted(TinyRatings.data());
        assertThat(restarted.sequence()).isEqualTo(store.sequence()).isEqualTo(5);
        assertThat(restarted.ratings(987_654_321L).ratings()).isEmpty();
        assertThat(restarted.ratings(10).ratings())
                .as("user 10's loaded rating stays erased")
                .isEmpty();
        assertThat(restarted.ratings(30).ratings())
                .extracting(PostedRatingsStore.UserRating::movie)
                .containsExactly(100L, 300L);
        assertThat(rows(restarted.withPosted(TinyRatings.data()).data().ratings()))
                .noneMatch(row -> row.startsWith("10 "));
        // A version trained before the erasure still holds user 10's vectors: served, they are hidden.
        ServingModel served = restarted.foldChangedSince(TinyServing.withRanker(), 0);
        assertThat(served.user(10).known()).isFalse();
        assertThat(served.user(30).known()).isTrue();
    }

    @Test
    void anErasureIsCompactedOutOfTheJournalWithinSeconds() throws Exception {
        TinyRatings tiny = new TinyRatings(dir);
        tiny.service.post(424_242L, json("{\"movie\": 100, \"rating\": 4}"));
        assertThat(Files.readString(tiny.journal)).contains("424242");
        long erased = System.nanoTime();
        tiny.service.eraseUser(424_242L);
        while (Files.readString(tiny.journal).contains("424242")) {
            assertThat((System.nanoTime() - erased) / 1e9)
                    .as("seconds until compacted")
                    .isLessThan(10);
            Thread.sleep(50);
        }
        tiny.store.close();
    }

    /** Replay takes only what the API would have accepted: a rating outside the data's scale is skipped and counted. */
    @Test
    void ratingsOutsideTheScaleAreSkippedWhenTheJournalIsOpened() throws Exception {
        Files.writeString(
                dir.resolve("journal"), "R 50 100 1e30 1\nR 50 200 -5.0 2\nR 50 300 11.0 3\nR 50 100 4.0 4\n");
        PostedRatingsStore store = store();
        store.withPosted(TinyRatings.data());
        assertThat(store.skippedAtOpen()).isEqualTo(3);
        assertThat(store.ratings(50).ratings())
                .extracting(PostedRatingsStore.UserRating::rating)
                .containsExactly(4f);
    }

    /** A write that fails stores nothing, says so until one succeeds, and takes no sequence number. */
    @Test
    void aFailedWriteStoresNothingAndSaysSoUntilOneSucceeds() throws Exception {
        Path blocker = dir.resolve("blocked");
        PostedRatingsStore store = new PostedRatingsStore(
                new RatingJournal(blocker.resolve("journal")),
                Timer.builder("fold-in").register(new SimpleMeterRegistry()));
        store.withPosted(TinyRatings.data());
        // The journal's directory turns into a file: every write to it fails from here.
        Files.writeString(blocker, "a file where the journal's directory should be");
        Assertions.assertThatThrownBy(() -> store.append(List.of(Entry.rating(60, 100, 4, 1))))
                .isInstanceOf(WriteFailedException.class);
        assertThat(store.writeFailure()).isPresent();
        assertThat(store.writeFailures()).isEqualTo(1);
        assertThat(store.sequence()).isZero();
        assertThat(store.ratings(60).ratings()).isEmpty();
        assertThat(store.probeWrites()).isFalse();

        Files.delete(blocker);
        assertThat(store.probeWrites()).isTrue();
        assertThat(store.writeFailure()).isEmpty();
        store.append(List.of(Entry.rating(60, 100, 4, 1)));
        assertThat(store.ratings(60).ratings()).hasSize(1);
    }
}
