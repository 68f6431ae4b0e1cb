package io.mfrecommender.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.TestClock;
import io.mfrecommender.api.ConflictException;
import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.NotFoundException;
import io.mfrecommender.api.StorageUnavailableException;
import io.mfrecommender.api.Strategy;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.ratings.RatingJournal;
import io.mfrecommender.ratings.RatingsProperties;
import io.mfrecommender.ratings.RatingsService;
import io.mfrecommender.recommendation.Recommendation;
import io.mfrecommender.recommendation.RecommendationService;
import io.mfrecommender.recommendation.Recommendations;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.RecipeBuilder;
import io.mfrecommender.training.StrictJson;
import io.mfrecommender.training.VersionTrainer;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * Experiments over two versions trained on seeded synthetic ratings: the split's shares, users
 * keeping their variant, hits counted per variant with intervals that tell a better variant apart,
 * the experiment and its figures surviving a restart, and its end promoting one version at once.
 */
class ExperimentServiceTests {

    private static final LoadedData DATA = new LoadedData(
            "synthetic",
            new SyntheticRatings(300, 150, 6_000, 3, 0.5, 0.5, 0.6, 5).generate(),
            null,
            MovieCatalog.empty());

    private static FactorModel first;
    private static FactorModel second;

    @TempDir
    Path dir;

    /** The two versions as saved in this test's models directory. */
    private String versionA;

    private String versionB;
    private final TestClock clock = new TestClock(Instant.parse("2026-12-05T12:00:00Z"));
    /** What the next {@link Service} is configured with. */
    private ExperimentProperties experimentProperties =
            new ExperimentProperties(Duration.ofDays(1), 100, Duration.ofHours(1), 100_000, 2_000_000);

    private Service service;

    /** The pieces of one running service instance over {@code dir}. */
    private final class Service {
        final ServedVersion served = new ServedVersion();
        final PostedRatingsStore store;
        final ModelVersions versions;
        final ExperimentService experiments;
        final RatingsService ratings;
        final RecommendationService recommendations;

        Service() {
            this(false);
        }

        /** @param replica serve the models directory read-only, as a replica does, with a journal of its own */
        Service(boolean replica) {
            store = new PostedRatingsStore(
                    new RatingJournal(dir.resolve(replica ? "replica-journal" : "journal")),
                    Timer.builder("fold-in").register(new SimpleMeterRegistry()));
            ModelStore models = new ModelStore(dir.resolve("models"), replica);
            versions = new ModelVersions(models, served, Popularity.COUNT_TIMES_MEAN, 10, 5, store);
            if (versionA == null) {
                versionA = models.save(first).version();
                versionB = models.save(second).version();
            }
            experiments = new ExperimentService(
                    versions,
                    dir.resolve("models").resolve("experiments"),
                    experimentProperties,
                    new SimpleMeterRegistry(),
                    clock);
            versions.serve(models.load(models.activeVersion().orElse(versionA)), DATA);
            ratings = new RatingsService(
                    versions,
                    store,
                    RatingsProperties.journal(null, 100),
                    new SimpleMeterRegistry(),
                    clock,
                    experiments);
            recommendations = new RecommendationService(
                    served, ServingProperties.defaults(), new SimpleMeterRegistry(), experiments, clock);
        }

        void close() {
            experiments.close();
            store.close();
        }
    }

    @BeforeAll
    static void train() {
        first = train(7, 8);
        second = train(8, 16);
    }

    private static FactorModel train(long seed, int factors) {
        return new VersionTrainer()
                .train(
                        DATA.ratings(),
                        RecipeBuilder.defaults(Algorithm.SGD)
                                .seed(seed)
                                .threads(1)
                                .rating(Map.of("factors", factors, "epochs", 5))
                                .ranker(Map.of("factors", 4, "epochs", 2, "unobservedWeights", List.of(0.3)))
                                .build(),
                        report -> {},
                        Cancellation.NONE)
                .model();
    }

    @BeforeEach
    void start() {
        service = new Service();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private ExperimentReport startThirtySeventy(String name) {
        return service.experiments.start(new ExperimentRequests.NewExperiment(
                name, List.of(new Experiment.Variant("A", versionA, 30), new Experiment.Variant("B", versionB, 70))));
    }

    @Test
    void thirtySeventyOverTenThousandUsersIsThirtyPercentWithinTwo() {
        startThirtySeventy("shares");
        int inA = 0;
        for (long user = 1; user <= 10_000; user++) {
            ServedVersion.Assignment assignment = service.served.forUser(user);
            assertThat(assignment.experiment()).isEqualTo("shares");
            assertThat(assignment.model().version())
                    .isEqualTo(assignment.variant().equals("A") ? versionA : versionB);
            if (assignment.variant().equals("A")) {
                inA++;
            }
        }
        System.out.printf("30/70 split over 10,000 user ids: %d in A%n", inA);
        assertThat(inA / 10_000.0).isCloseTo(0.30, within(0.02));
    }

    /** Through fold-ins of posted ratings and the activation of another version, no user changes variant. */
    @Test
    void aUserNeverSwitchesVariantWhileTheExperimentRuns() throws Exception {
        startThirtySeventy("sticky");
        Map<Long, String> variants = new HashMap<>();
        for (long user = 1; user <= 2_000; user++) {
            variants.put(user, service.served.forUser(user).variant());
        }
        Random random = new Random(3);
        for (int round = 0; round < 5; round++) {
            for (int post = 0; post < 20; post++) {
                long user = 1 + random.nextInt(2_000);
                rate(user, DATA.ratings().itemId(random.nextInt(DATA.ratings().size())), 4);
            }
            if (round == 2) {
                service.versions.activate(versionB);
            }
            for (long user = 1; user <= 2_000; user++) {
                assertThat(service.served.forUser(user).variant())
                        .as("user " + user)
                        .isEqualTo(variants.get(user));
                assertThat(service.recommendations
                                .recommend(user, 3, 0, true, null, null)
                                .variant())
                        .isEqualTo(variants.get(user));
            }
        }
    }

    /** A posted rating is folded into every served version: the user is personalised whichever one wins. */
    @Test
    void foldInReachesEveryVariantsVersion() throws Exception {
        startThirtySeventy("fold");
        long user = 5_000_001L;
        rate(user, DATA.ratings().itemId(0), 5);
        ServedVersion.Split split = service.served.split().orElseThrow();
        assertThat(split.arms())
                .hasSize(2)
                .allSatisfy(arm -> assertThat(arm.model().user(user).kind()).isEqualTo(ServedUser.Kind.FOLDED_IN));
        Recommendations list = service.recommendations.recommend(user, 5, 0, true, null, null);
        assertThat(list.strategy()).isEqualTo(Strategy.FOLDED_IN);
        assertThat(list.modelVersion()).isEqualTo(split.armOf(user).model().version());
    }

    /**
     * 3,000 users are shown ten movies each; a user of B then rates one of them 5 with probability
     * 0.4, of A with 0.2 (seeded). B is ahead, the 95% intervals do not overlap, and ratings that are
     * not hits (too low, a movie not shown, too late) are not counted.
     */
    @Test
    void theVariantWhoseRecommendationsAreRatedHigherIsAheadWithSeparateIntervals() throws Exception {
        startThirtySeventy("feedback");
        Random random = new Random(11);
        long expectedHits = 0;
        for (long user = 1_000_001; user <= 1_003_000; user++) {
            makeKnown(user);
            Recommendations list = service.recommendations.recommend(user, 10, 0, true, null, null);
            double chance = list.variant().equals("B") ? 0.4 : 0.2;
            if (random.nextDouble() < chance) {
                rate(user, list.items().get(random.nextInt(list.items().size())).movieId(), 5);
                expectedHits++;
            }
        }
        // Not hits: a low rating of a shown movie, a rating of a movie not shown, a shown one rated too late.
        long user = 2_000_001L;
        makeKnown(user);
        List<Long> shown = service.recommendations.recommend(user, 10, 0, true, null, null).items().stream()
                .map(Recommendation::movieId)
                .toList();
        rate(user, shown.get(0), 2);
        long notShown = DATA.ratings().itemId(0);
        for (int row = 0; shown.contains(notShown); row++) {
            notShown = DATA.ratings().itemId(row);
        }
        rate(user, notShown, 5);
        clock.advance(Duration.ofDays(2));
        rate(user, shown.get(1), 5);

        ExperimentReport report = service.experiments.report("feedback");
        ExperimentReport.VariantReport a = report.variants().get(0);
        ExperimentReport.VariantReport b = report.variants().get(1);
        System.out.printf(
                "hit rate A %.3f [%.3f, %.3f] of %d users, B %.3f [%.3f, %.3f] of %d users%n",
                a.hitRate(),
                a.interval().low(),
                a.interval().high(),
                a.users(),
                b.hitRate(),
                b.interval().low(),
                b.interval().high(),
                b.users());
        assertThat(a.users() + b.users()).isEqualTo(3_001);
        assertThat(a.recommendations() + b.recommendations()).isEqualTo(3_001);
        assertThat(a.hits() + b.hits()).isEqualTo(expectedHits);
        assertThat(a.usersWithHit() + b.usersWithHit()).isEqualTo(expectedHits);
        assertThat(b.hitRate()).isGreaterThan(a.hitRate());
        assertThat(b.interval().low()).isGreaterThan(a.interval().high());
        assertThat(a.interval().low()).isLessThan(a.hitRate());
        assertThat(a.interval().high()).isGreaterThan(a.hitRate());
    }

    /**
     * The experiment, the users' variants, the figures so far and what was shown are there again
     * after a restart: a movie shown before it and rated after is a hit.
     */
    @Test
    void aRestartKeepsTheExperimentAndTheAssignment() throws Exception {
        startThirtySeventy("restart");
        Map<Long, String> variants = new HashMap<>();
        Map<Long, Long> shownNotRated = new HashMap<>();
        for (long user = 1; user <= 500; user++) {
            makeKnown(user);
            Recommendations list = service.recommendations.recommend(user, 5, 0, true, null, null);
            variants.put(user, list.variant());
            if (user % 10 == 0) {
                rate(user, list.items().get(0).movieId(), 5);
            } else if (user % 10 == 5) {
                shownNotRated.put(user, list.items().get(1).movieId());
            }
        }
        ExperimentReport before = service.experiments.report("restart");
        service.close();

        service = new Service();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.served.split().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(service.served.split()).as("the split is served again").isPresent();
        for (long user = 1; user <= 500; user++) {
            assertThat(service.served.forUser(user).variant()).isEqualTo(variants.get(user));
        }
        ExperimentReport after = service.experiments.report("restart");
        assertThat(after.variants()).isEqualTo(before.variants());
        assertThat(after.variants().stream()
                        .mapToLong(ExperimentReport.VariantReport::usersWithHit)
                        .sum())
                .isEqualTo(50);
        assertThat(service.experiments.list()).extracting(Experiment::status).containsExactly("running");

        for (Map.Entry<Long, Long> shown : shownNotRated.entrySet()) {
            rate(shown.getKey(), shown.getValue(), 5);
        }
        assertThat(service.experiments.report("restart").variants().stream()
                        .mapToLong(ExperimentReport.VariantReport::usersWithHit)
                        .sum())
                .as("movies shown before the restart, rated after it")
                .isEqualTo(100);
    }

    /** A memory of what was shown that cannot be read back costs only those hits, never the restart. */
    @Test
    void anUnreadableMemoryOfWhatWasShownIsForgottenNotFatal() throws Exception {
        startThirtySeventy("damaged-memory");
        makeKnown(5);
        long movie = service.recommendations
                .recommend(5, 5, 0, true, null, null)
                .items()
                .get(0)
                .movieId();
        service.close();
        Path memory = dir.resolve("models").resolve("experiments").resolve("damaged-memory.shown");
        assertThat(memory).exists();
        Files.write(memory, new byte[] {1, 2, 3});

        service = new Service();
        rate(5, movie, 5);
        assertThat(service.experiments.report("damaged-memory").variants().stream()
                        .mapToLong(ExperimentReport.VariantReport::hits)
                        .sum())
                .isZero();
        assertThat(service.experiments.report("damaged-memory").status()).isIn("running", "suspended");
    }

    /** Ending promotes one version for everybody in one swap, keeps the users folded into it, and stays listed. */
    @Test
    void endingPromotesOneVersionAndStopsTheSplit() throws Exception {
        startThirtySeventy("ending");
        long user = 7_000_001L;
        rate(user, DATA.ratings().itemId(0), 5);
        ExperimentReport ended = service.experiments.end("ending", "B");

        assertThat(ended.status()).isEqualTo("ended");
        assertThat(ended.promoted()).isEqualTo("B");
        assertThat(service.served.split()).isEmpty();
        assertThat(service.served.current().version()).isEqualTo(versionB);
        assertThat(service.versions.store().activeVersion()).contains(versionB);
        assertThat(service.served.current().user(user).kind()).isEqualTo(ServedUser.Kind.FOLDED_IN);
        Recommendations list = service.recommendations.recommend(42, 3, 0, true, null, null);
        assertThat(list.variant()).isNull();
        assertThat(list.modelVersion()).isEqualTo(versionB);

        assertThatThrownBy(() -> service.experiments.end("ending", "A")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> service.experiments.report("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> startThirtySeventy("ending"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("exists");
        startThirtySeventy("next");
        assertThatThrownBy(() -> startThirtySeventy("another"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("running");
        assertThatThrownBy(() -> service.experiments.end("next", "C"))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("A, B");
        assertThat(service.experiments.list()).extracting(Experiment::name).containsExactly("next", "ending");
    }

    /** A replica serves the owner's experiment once it reads the record, and its end, promoting the same version. */
    @Test
    void aReplicaFollowsTheOwnersStartAndEnd() {
        Service replica = new Service(true);
        try {
            startThirtySeventy("replicated");
            assertThat(replica.served.split()).isEmpty();
            replica.experiments.follow();
            for (long user = 1; user <= 300; user++) {
                assertThat(replica.served.forUser(user).variant())
                        .isEqualTo(service.served.forUser(user).variant());
                assertThat(replica.served.forUser(user).model().version())
                        .isEqualTo(service.served.forUser(user).model().version());
            }
            assertThatThrownBy(() -> replica.experiments.end("replicated", "A"))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("read-only");

            service.experiments.end("replicated", "A");
            replica.experiments.follow();
            assertThat(replica.served.split()).isEmpty();
            assertThat(replica.served.current().version()).isEqualTo(versionA);
            assertThat(replica.experiments.report("replicated").promoted()).isEqualTo("A");
        } finally {
            replica.close();
        }
    }

    // --- Bounds and failures (#31) ---------------------------------------------------------

    /**
     * 50,000 made-up user ids asking for lists during an experiment leave nothing behind; known users
     * are remembered up to the bound, the one served longest ago forgotten first (their later rating
     * is no hit), the latest kept.
     */
    @Test
    void unknownUsersAreNotRememberedAndKnownOnesOnlyUpToTheBound() throws Exception {
        service.close();
        experimentProperties = experimentProperties.withRemembered(10, 100, 10_000);
        service = new Service();
        startThirtySeventy("bounded");
        for (long user = 10_000_001; user <= 10_050_000; user++) {
            assertThat(service.recommendations
                            .recommend(user, 10, 0, true, null, null)
                            .strategy())
                    .isEqualTo(Strategy.POPULAR);
        }
        assertThat(service.experiments.rememberedUsers()).isZero();
        assertThat(service.experiments.report("bounded").variants())
                .allSatisfy(variant -> assertThat(variant.users()).isZero());

        Map<Long, List<Recommendation>> shown = new HashMap<>();
        for (long user = 1; user <= 300; user++) {
            makeKnown(user);
            shown.put(
                    user,
                    service.recommendations
                            .recommend(user, 10, 0, true, null, null)
                            .items());
        }
        assertThat(service.experiments.rememberedUsers()).isEqualTo(100);
        rate(1, shown.get(1L).get(0).movieId(), 5); // forgotten: served first
        rate(300, shown.get(300L).get(0).movieId(), 5); // remembered: served last
        ExperimentReport report = service.experiments.report("bounded");
        assertThat(report.variants().stream()
                        .mapToLong(ExperimentReport.VariantReport::users)
                        .sum())
                .isEqualTo(300);
        assertThat(report.variants().stream()
                        .mapToLong(ExperimentReport.VariantReport::usersWithHit)
                        .sum())
                .isEqualTo(1);
    }

    /** A record that cannot be written (here: its staging file is a directory) starts nothing: 503, then a retry works. */
    @Test
    void aStartThatCannotBeRecordedChangesNothing() throws Exception {
        // A directory where the staged record would go: its write fails as on a full disk.
        Path blocked = Files.createDirectories(dir.resolve("models")
                .resolve("experiments")
                .resolve(".full.json.staged")
                .resolve("in-the-way"));
        assertThatThrownBy(() -> startThirtySeventy("full"))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("nothing changed");
        assertThat(service.served.split()).isEmpty();
        assertThat(service.experiments.list()).isEmpty();
        assertThat(dir.resolve("models").resolve("experiments").resolve("full.json"))
                .doesNotExist();

        FileSystemUtils.deleteRecursively(blocked.getParent());
        assertThat(startThirtySeventy("full").status()).isEqualTo("running");
        assertThat(service.served.split()).isPresent();
    }

    /** An end that cannot be recorded leaves the experiment running and served, on disk and after a restart. */
    @Test
    void anEndThatCannotBeRecordedLeavesItRunning() throws Exception {
        startThirtySeventy("stuck");
        // A directory where the staged record would go: its write fails as on a full disk.
        Path blocked = Files.createDirectories(dir.resolve("models")
                .resolve("experiments")
                .resolve(".stuck.json.staged")
                .resolve("in-the-way"));
        assertThatThrownBy(() -> service.experiments.end("stuck", "B")).isInstanceOf(StorageUnavailableException.class);
        assertThat(service.served.split()).isPresent();
        assertThat(service.served.current().version()).isEqualTo(versionA);
        assertThat(service.experiments.report("stuck").status()).isEqualTo("running");

        service.close();
        service = new Service();
        awaitSplit();
        assertThat(service.experiments.report("stuck").status()).isEqualTo("running");
        FileSystemUtils.deleteRecursively(blocked.getParent());
        assertThat(service.experiments.end("stuck", "B").status()).isEqualTo("ended");
    }

    /**
     * A record that cannot be read is kept aside, reported as damaged (list, health), and its name
     * stays taken; nothing of it is served.
     */
    @Test
    void aDamagedRecordIsKeptAsideReportedAndItsNameStaysTaken() throws Exception {
        startThirtySeventy("broken");
        service.close();
        Path record = dir.resolve("models").resolve("experiments").resolve("broken.json");
        Files.writeString(record, "{\"experiment\": {\"name\": \"bro");

        service = new Service();
        assertThat(record).doesNotExist();
        assertThat(record.resolveSibling("broken.json.damaged")).hasContent("{\"experiment\": {\"name\": \"bro");
        assertThat(service.experiments.list()).singleElement().satisfies(experiment -> {
            assertThat(experiment.name()).isEqualTo("broken");
            assertThat(experiment.status()).isEqualTo("damaged");
            assertThat(experiment.reason()).contains("cannot be read").doesNotContain(dir.toString());
        });
        assertThat(service.experiments.damagedRecords()).containsExactly("broken");
        assertThat(service.served.split()).isEmpty();
        assertThatThrownBy(() -> startThirtySeventy("broken"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("exists");
        assertThatThrownBy(() -> service.experiments.end("broken", "A")).isInstanceOf(ConflictException.class);

        // Still taken after another restart, from the file kept aside.
        service.close();
        service = new Service();
        assertThat(service.experiments.damagedRecords()).containsExactly("broken");
    }

    /** A running experiment one of whose versions is gone is shown suspended, not running; promoting it is 409. */
    @Test
    void anExperimentWhoseVersionVanishedIsSuspendedAndCannotPromoteIt() throws Exception {
        startThirtySeventy("vanished");
        service.close();
        FileSystemUtils.deleteRecursively(dir.resolve("models").resolve(versionB));

        service = new Service();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (service.experiments.report("vanished").reason().contains("loading") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        ExperimentReport report = service.experiments.report("vanished");
        assertThat(report.status()).isEqualTo("suspended");
        assertThat(report.reason()).contains("cannot be served");
        assertThat(service.served.split()).isEmpty();
        assertThat(service.experiments.list()).extracting(Experiment::status).containsExactly("suspended");

        assertThatThrownBy(() -> service.experiments.end("vanished", "B"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("no longer saved");
        assertThat(service.experiments.end("vanished", "A").status()).isEqualTo("ended");
        assertThat(service.served.current().version()).isEqualTo(versionA);
    }

    /**
     * Erasure reaches every store that names a user: the journal, the served versions' overlays and
     * the experiments (figures in memory, what was shown, the records of running and ended ones).
     */
    @Test
    void erasureReachesEveryStoreThatNamesAUser() throws Exception {
        long user = 42;
        startThirtySeventy("first");
        makeKnown(user);
        List<Recommendation> list =
                service.recommendations.recommend(user, 10, 0, true, null, null).items();
        rate(user, list.get(0).movieId(), 5);
        service.experiments.end("first", "A");
        startThirtySeventy("second");
        service.recommendations.recommend(user, 10, 0, true, null, null);
        service.close(); // what was shown in "second" is saved beside its record, and read back
        service = new Service();
        awaitSplit();
        Path shown = dir.resolve("models").resolve("experiments").resolve("second.shown");
        assertThat(remembered(shown).remembers(user)).isTrue();
        long before = service.experiments.report("first").variants().stream()
                .mapToLong(ExperimentReport.VariantReport::users)
                .sum();
        assertThat(service.experiments.names(user)).isTrue();

        service.ratings.eraseUser(user);

        assertThatThrownBy(() -> service.ratings.list(user, 100, 0)).isInstanceOf(NotFoundException.class);
        assertThat(service.served.current().user(user).known()).isFalse();
        service.served
                .split()
                .orElseThrow()
                .arms()
                .forEach(arm -> assertThat(arm.model().user(user).known()).isFalse());
        assertThat(service.experiments.names(user)).isFalse();
        assertThat(service.experiments.report("first").variants().stream()
                        .mapToLong(ExperimentReport.VariantReport::users)
                        .sum())
                .isEqualTo(before - 1);
        for (Path record : Files.list(dir.resolve("models").resolve("experiments"))
                .filter(file -> file.toString().endsWith(".json"))
                .toList()) {
            assertThat(Files.readString(record)).doesNotContainPattern("[\\[,]42[\\],]");
        }
        assertThat(remembered(shown).remembers(user)).as("the memory on disk").isFalse();
    }

    private static RecentExposures remembered(Path file) throws IOException {
        RecentExposures memory = new RecentExposures(100, 100_000, 2_000_000, new SimpleMeterRegistry());
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            memory.readFrom(in);
        }
        return memory;
    }

    private void awaitSplit() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.served.split().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void aBadExperimentIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> service.experiments.start(new ExperimentRequests.NewExperiment(
                        "shares",
                        List.of(new Experiment.Variant("A", versionA, 30), new Experiment.Variant("B", versionB, 60)))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("add up to 100");
        assertThatThrownBy(() -> service.experiments.start(new ExperimentRequests.NewExperiment(
                        "versions",
                        List.of(
                                new Experiment.Variant("A", versionA, 50),
                                new Experiment.Variant("B", "no-such-version", 50)))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("variants[1].version");
        assertThatThrownBy(
                        () -> service.experiments.start(new ExperimentRequests.NewExperiment("../escape", List.of())))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> service.experiments.start(new ExperimentRequests.NewExperiment(
                        "twice",
                        List.of(new Experiment.Variant("A", versionA, 50), new Experiment.Variant("A", versionB, 50)))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("repeats");
        for (double share : new double[] {33.335, 50.0000001}) {
            assertThatThrownBy(() -> service.experiments.start(new ExperimentRequests.NewExperiment(
                            "fine",
                            List.of(
                                    new Experiment.Variant("A", versionA, share),
                                    new Experiment.Variant("B", versionB, 100 - share)))))
                    .as("share %s", share)
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("in hundredths at most");
        }
        assertThat(service.served.split()).isEmpty();
        assertThat(service.experiments.list()).isEmpty();
        assertThat(service.experiments
                        .start(new ExperimentRequests.NewExperiment(
                                "hundredths",
                                List.of(
                                        new Experiment.Variant("A", versionA, 33.33),
                                        new Experiment.Variant("B", versionB, 66.67))))
                        .variants())
                .extracting(ExperimentReport.VariantReport::share)
                .containsExactly(33.33, 66.67);
    }

    /**
     * Makes {@code user} one the served versions know (a rating of 3 stars, no hit), as only known
     * users' lists are counted: an unknown id is shown the popular list and never remembered.
     */
    private void makeKnown(long user) throws Exception {
        rate(user, DATA.ratings().itemId(0), 3);
    }

    private void rate(long user, long movie, float rating) throws Exception {
        service.ratings.post(user, StrictJson.MAPPER.readTree("{\"movie\":" + movie + ",\"rating\":" + rating + "}"));
    }
}
