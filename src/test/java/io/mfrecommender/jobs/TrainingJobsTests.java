package io.mfrecommender.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mfrecommender.SmallFilesystem;
import io.mfrecommender.api.ConflictException;
import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.StorageUnavailableException;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.ratings.RatingJournal;
import io.mfrecommender.ratings.RatingLog;
import io.mfrecommender.recommendation.Recommendation;
import io.mfrecommender.recommendation.RecommendationService;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.TrainingProperties;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.PostedRatings;
import io.mfrecommender.versions.ServedVersion;
import io.mfrecommender.versions.VersionPipeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingJobsTests {

    @TempDir
    Path dir;

    private static final LoadedData DATA = new LoadedData(
            "synthetic",
            new SyntheticRatings(300, 150, 6_000, 3, 0.5, 0.5, 0.6, 5).generate(),
            null,
            MovieCatalog.empty());
    /** Small and quick: a few epochs of each model. */
    private static final Map<String, Object> QUICK = Map.of(
            "parameters",
            Map.of("factors", 8, "epochs", 5),
            "rankerParameters",
            Map.of("factors", 4, "epochs", 2, "unobservedWeights", List.of(0.3)));

    private final ServedVersion registry = new ServedVersion();
    private ModelVersions active;
    private TrainingJobs jobs;

    private TrainingJobs jobs(Supplier<LoadedData> data, int retain) {
        return jobs(data, retain, PostedRatings.NONE);
    }

    private TrainingJobs jobs(Supplier<LoadedData> data, int retain, PostedRatings posted) {
        active = new ModelVersions(
                new ModelStore(dir.resolve("models")), registry, Popularity.COUNT, 10, retain, posted);
        jobs = new TrainingJobs(
                data,
                active,
                new VersionPipeline(active.store()),
                new TrainingProperties(Algorithm.SGD, null, null, 42, 1, null, null),
                new JobsProperties(2, 1, 100, null),
                0.1,
                dir.resolve("models").resolve("jobs"),
                new SimpleMeterRegistry());
        return jobs;
    }

    /** Data that a job waits for: {@code loading} opens when it starts, and it gets the data once {@code release} opens. */
    private static Supplier<LoadedData> loadingUntil(CountDownLatch loading, CountDownLatch release) {
        return () -> {
            loading.countDown();
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DATA;
        };
    }

    /** The record a job leaves while it runs, as a stop (or another instance) leaves it behind. */
    private TrainingJobView recordRunningJob() {
        TrainingJobView running = new TrainingJobView(
                "20260101-000000-1",
                JobStatus.RUNNING,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z"),
                null,
                null,
                null,
                List.of(),
                null,
                null,
                null,
                null);
        new JobRecords(dir.resolve("models").resolve("jobs")).write(running);
        return running;
    }

    @AfterEach
    void close() {
        if (jobs != null) {
            jobs.close();
        }
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static TrainingJobView await(TrainingJobs jobs, String id) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!jobs.get(id).status().finished()) {
            assertThat(Instant.now()).as("job " + id + " ends in time").isBefore(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return jobs.get(id);
    }

    @Test
    void trainsSavesAndActivatesAVersionWithEveryEpochAndTheEvaluation() {
        TrainingJobs jobs = jobs(() -> DATA, 5);
        TrainingJobView queued = jobs.submit(TrainingJobRequest.from(with(QUICK, "activation", "always")));
        assertThat(queued.status()).isIn(JobStatus.QUEUED, JobStatus.RUNNING);
        TrainingJobView done = await(jobs, queued.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.activated()).isTrue();
        assertThat(done.reason()).isEqualTo("no version was active");
        assertThat(registry.current().version()).isEqualTo(done.modelVersion());
        assertThat(done.epochs())
                .anyMatch(e -> e.model().equals("rating") && e.validationRmse() != null)
                .anyMatch(e -> e.model().equals("ranker") && e.validationNdcg() != null);
        assertThat(done.evaluation().candidate()).satisfies(candidate -> {
            assertThat(candidate.rmse()).isFinite();
            assertThat(candidate.mae()).isFinite();
            assertThat(candidate.ndcgAtK()).isNotNull();
        });
        assertThat(registry.current().model().manifest().evaluation()).satisfies(figures -> {
            assertThat(figures.heldOutRmse()).isNotNull();
            assertThat(figures.heldOutNdcgAtK()).isNotNull();
        });
        assertThat(done.startedAt()).isAfterOrEqualTo(done.submittedAt());
        assertThat(done.progress().phase()).isEqualTo("done");
    }

    /**
     * A job trains on the data plus the journal: a user who only posted is trained in, an erased one
     * is gone, and the version records how much of the journal it saw, so nothing is left to fold in.
     */
    @Test
    void aJobTrainsOnTheJournalAndItsVersionStartsWithoutAnOverlay() {
        PostedRatingsStore store = new PostedRatingsStore(
                new RatingJournal(dir.resolve("journal")),
                Timer.builder("fold-in").register(new SimpleMeterRegistry()));
        long erased = DATA.ratings().users().idOf(0);
        List<RatingLog.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(RatingLog.Entry.rating(5_000, DATA.ratings().items().idOf(i), 4, 1_000));
        }
        entries.add(RatingLog.Entry.deleteUser(erased, 2_000));
        store.append(entries);
        TrainingJobs jobs = jobs(() -> DATA, 5, store);

        TrainingJobView done = await(
                jobs,
                jobs.submit(TrainingJobRequest.from(with(QUICK, "activation", "always")))
                        .id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        ServingModel served = registry.current();
        assertThat(served.model().manifest().postedThrough()).isEqualTo(6);
        assertThat(served.model().manifest().dataset()).isEqualTo("synthetic + 5 posted ratings, 1 users erased");
        assertThat(served.model().users().indexOrMinusOne(5_000)).isNotNegative();
        assertThat(served.model().users().indexOrMinusOne(erased)).isNegative();
        assertThat(served.overlay().size()).isZero();
        assertThat(served.user(5_000).kind()).isEqualTo(ServedUser.Kind.TRAINED);
    }

    /**
     * A "not interested" survives retraining: the job trains on the posted events (the dataset says
     * so), and the new version folds the user in at activation, so the movie stays out of their list.
     */
    @Test
    void aDismissalSurvivesRetrainingAndTheJobTrainsOnThePostedEvents() {
        PostedRatingsStore store = new PostedRatingsStore(
                new RatingJournal(dir.resolve("journal")),
                Timer.builder("fold-in").register(new SimpleMeterRegistry()));
        long user = DATA.ratings().users().idOf(3);
        TrainingJobs jobs = jobs(() -> DATA, 5, store);
        await(
                jobs,
                jobs.submit(TrainingJobRequest.from(with(QUICK, "activation", "always")))
                        .id());
        RecommendationService lists =
                new RecommendationService(registry, ServingProperties.defaults(), new SimpleMeterRegistry());
        long top = lists.recommend(user, 10, 0, true, null, null).items().get(0).movieId();
        store.append(List.of(
                RatingLog.Entry.event(user, top, "not-interested", 1, 3_000),
                RatingLog.Entry.event(user, DATA.ratings().items().idOf(7), "play", 2, 3_000)));
        active.update(serving -> store.foldUser(serving, user));
        assertThat(lists.recommend(user, 100, 0, false, null, null).items())
                .extracting(Recommendation::movieId)
                .doesNotContain(top);

        TrainingJobView retrained = await(
                jobs,
                jobs.submit(TrainingJobRequest.from(with(QUICK, "activation", "always")))
                        .id());
        assertThat(retrained.status()).isEqualTo(JobStatus.SUCCEEDED);
        ServingModel served = registry.current();
        assertThat(served.version()).isEqualTo(retrained.modelVersion());
        assertThat(served.model().manifest().dataset()).isEqualTo("synthetic + 0 posted ratings + 3 posted events");
        assertThat(served.model().manifest().postedThrough()).isEqualTo(2);
        assertThat(lists.recommend(user, 100, 0, false, null, null).items())
                .extracting(Recommendation::movieId)
                .doesNotContain(top);
    }

    @Test
    void ifBetterRefusesAWorseVersionAndAcceptsOneNoWorse() {
        TrainingJobs jobs = jobs(() -> DATA, 5);
        String first = await(
                        jobs,
                        jobs.submit(TrainingJobRequest.from(with(QUICK, "activation", "always")))
                                .id())
                .modelVersion();
        Map<String, Object> worse =
                Map.of("parameters", Map.of("factors", 1, "epochs", 1, "learningRate", 0.0001), "ranker", false);
        TrainingJobView refused =
                await(jobs, jobs.submit(TrainingJobRequest.from(worse)).id());
        assertThat(refused.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(refused.activated()).isFalse();
        assertThat(refused.reason()).startsWith("worse than the active version");
        assertThat(refused.evaluation().candidateIsBetter()).isFalse();
        assertThat(refused.evaluation().activeVersion()).isEqualTo(first);
        assertThat(refused.evaluation().comparedOn()).contains("which neither version was trained on");
        assertThat(registry.current().version()).isEqualTo(first);
        // The same recipe and seed make the same version: no worse, so it is served.
        TrainingJobView accepted =
                await(jobs, jobs.submit(TrainingJobRequest.from(QUICK)).id());
        assertThat(accepted.activated()).as(accepted.reason()).isTrue();
        assertThat(registry.current().version()).isEqualTo(accepted.modelVersion());
    }

    @Test
    void aFullQueueIsRefusedAndQueuedAndRunningJobsCanBeCancelled() throws InterruptedException {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TrainingJobs jobs = jobs(loadingUntil(loading, release), 5);
        TrainingJobView running = jobs.submit(TrainingJobRequest.from(QUICK));
        assertThat(loading.await(1, TimeUnit.MINUTES)).isTrue();
        TrainingJobView second = jobs.submit(TrainingJobRequest.from(QUICK));
        jobs.submit(TrainingJobRequest.from(QUICK));
        assertThatThrownBy(() -> jobs.submit(TrainingJobRequest.from(QUICK)))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(
                                ((ConflictException) e).getBody().getType().toString())
                        .isEqualTo("/problems/training-queue-full"));
        assertThat(jobs.cancel(second.id()).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(jobs.get(running.id()).status()).isEqualTo(JobStatus.RUNNING);
        jobs.cancel(running.id());
        release.countDown();
        TrainingJobView cancelled = await(jobs, running.id());
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.modelVersion()).isNull();
        assertThat(registry.find()).as("nothing was activated").isEmpty();
        assertThatThrownBy(() -> jobs.cancel(running.id())).isInstanceOf(ConflictException.class);
        assertThat(jobs.list(0, 10))
                .extracting(TrainingJobView::id)
                .hasSize(3)
                .first()
                .isNotEqualTo(running.id());
    }

    @Test
    void shutdownCancelsTheRunningAndQueuedJobsAndRecordsWhy() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TrainingJobs jobs = jobs(loadingUntil(loading, release), 5);
        String running = jobs.submit(TrainingJobRequest.from(QUICK)).id();
        assertThat(loading.await(1, TimeUnit.MINUTES)).isTrue();
        String queued = jobs.submit(TrainingJobRequest.from(QUICK)).id();
        Thread closing = new Thread(jobs::close);
        closing.start();
        Thread.sleep(200);
        release.countDown();
        closing.join(60_000);
        assertThat(closing.isAlive()).isFalse();
        for (TrainingJobView record : new JobRecords(dir.resolve("models").resolve("jobs")).readAll()) {
            assertThat(record.id()).isIn(running, queued);
            assertThat(record.status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(record.reason()).isEqualTo("the service shut down before the job ended; nothing was saved");
        }
        assertThat(new JobRecords(dir.resolve("models").resolve("jobs")).readAll())
                .hasSize(2);
        assertThat(registry.find()).as("nothing was activated").isEmpty();
    }

    @Test
    void aFailingJobLeavesTheActiveVersionAndNoStagingBehind() throws IOException {
        TrainingJobs jobs = jobs(() -> DATA, 5);
        String good = await(
                        jobs,
                        jobs.submit(TrainingJobRequest.from(with(QUICK, "activation", "always")))
                                .id())
                .modelVersion();
        // Enormous steps make SGD diverge: the trainer throws mid-way.
        Map<String, Object> diverging = Map.of(
                "parameters",
                Map.of("factors", 8, "epochs", 20, "learningRate", 10, "initStd", 100, "validationFraction", 0),
                "activation",
                "always");
        TrainingJobView failed =
                await(jobs, jobs.submit(TrainingJobRequest.from(diverging)).id());
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.reason()).contains("the active model is unchanged");
        assertThat(registry.current().version()).isEqualTo(good);
        assertThat(new ModelStore(dir.resolve("models")).activeVersion()).hasValue(good);
        try (Stream<Path> entries = Files.list(dir.resolve("models"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
        }
    }

    @Test
    void aFailureReasonNamesFilesButNotWhereTheyLie() {
        assertThat(TrainingJobs.withoutPaths("could not write /srv/models/.staging-1/user-factors.npy: No space left"))
                .isEqualTo("could not write user-factors.npy: No space left");
        assertThat(TrainingJobs.withoutPaths("'/a/b c' and C:/x and ./rel/path and diverged in epoch 3"))
                .isEqualTo("'b c' and C:/x and ./rel/path and diverged in epoch 3");
    }

    @Test
    void rollbackServesAnEarlierVersionAndRetentionKeepsTheNewestAndTheActive() {
        TrainingJobs jobs = jobs(() -> DATA, 2);
        String v1 = await(
                        jobs,
                        jobs.submit(TrainingJobRequest.from(with(QUICK, "activation", "always")))
                                .id())
                .modelVersion();
        String v2 = await(
                        jobs,
                        jobs.submit(TrainingJobRequest.from(with(with(QUICK, "activation", "always"), "seed", 7)))
                                .id())
                .modelVersion();
        assertThat(registry.current().version()).isEqualTo(v2);
        active.activate(v1);
        assertThat(registry.current().version()).isEqualTo(v1);
        assertThat(new ModelStore(dir.resolve("models")).activeVersion()).hasValue(v1);
        String v3 = await(
                        jobs,
                        jobs.submit(TrainingJobRequest.from(with(QUICK, "activation", "never")))
                                .id())
                .modelVersion();
        String v4 = await(
                        jobs,
                        jobs.submit(TrainingJobRequest.from(with(QUICK, "activation", "never")))
                                .id())
                .modelVersion();
        assertThat(active.list()).extracting(m -> m.version()).containsExactlyInAnyOrder(v4, v3, v1);
        assertThatThrownBy(() -> active.activate("no-such-version")).hasMessageContaining("no model version");
    }

    @Test
    void aJobRunningWhenTheServiceStoppedIsFailedAfterARestart() {
        TrainingJobView running = recordRunningJob();
        TrainingJobs jobs = jobs(() -> DATA, 5);
        TrainingJobView restored = jobs.get(running.id());
        assertThat(restored.status()).isEqualTo(JobStatus.FAILED);
        assertThat(restored.reason()).isEqualTo("the service stopped while the job was running");
        assertThat(new JobRecords(dir.resolve("models").resolve("jobs"))
                        .readAll()
                        .get(0)
                        .status())
                .isEqualTo(JobStatus.FAILED);
    }

    @Test
    void aReplicaRefusesJobsAndLeavesTheOwnersRunningJobAsItIs() {
        TrainingJobView running = recordRunningJob();
        ModelVersions replica = new ModelVersions(
                new ModelStore(dir.resolve("models"), true), registry, Popularity.COUNT, 10, 5, PostedRatings.NONE);
        jobs = new TrainingJobs(
                () -> DATA,
                replica,
                new VersionPipeline(replica.store()),
                new TrainingProperties(Algorithm.SGD, null, null, 42, 1, null, null),
                new JobsProperties(2, 1, 100, null),
                0.1,
                dir.resolve("models").resolve("jobs"),
                new SimpleMeterRegistry());
        assertThat(jobs.get(running.id()).status()).isEqualTo(JobStatus.RUNNING);
        assertThatThrownBy(() -> jobs.submit(TrainingJobRequest.from(QUICK)))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(
                                ((ConflictException) e).getBody().getType().toString())
                        .isEqualTo("/problems/models-read-only"));
        assertThat(new JobRecords(dir.resolve("models").resolve("jobs")).readAll())
                .hasSize(1)
                .first()
                .extracting(TrainingJobView::status)
                .isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void invalidBodiesAreRefusedNamingTheField() {
        TrainingJobs jobs = jobs(() -> DATA, 5);
        assertThatThrownBy(() -> TrainingJobRequest.from(Map.of("colour", "red")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> TrainingJobRequest.from(Map.of("seed", "7")))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(
                                ((InvalidParameterException) e).getBody().getProperties())
                        .containsEntry("parameter", "seed"));
        assertThatThrownBy(() -> TrainingJobRequest.from(Map.of("activation", "sometimes")))
                .hasMessageContaining("activation must be always, if-better or never");
        assertThatThrownBy(() -> jobs.submit(TrainingJobRequest.from(Map.of("parameters", Map.of("epochz", 3)))))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(
                                ((InvalidParameterException) e).getBody().getProperties())
                        .containsEntry("parameter", "parameters.epochz"));
        assertThatThrownBy(() -> jobs.submit(TrainingJobRequest.from(Map.of("parameters", Map.of("factors", 0)))))
                .satisfies(e -> assertThat(
                                ((InvalidParameterException) e).getBody().getProperties())
                        .containsEntry("parameter", "parameters.factors"));
        assertThatThrownBy(() -> jobs.submit(TrainingJobRequest.from(Map.of("holdout", 0.9))))
                .hasMessageContaining("holdout");
        assertThatThrownBy(() -> jobs.submit(TrainingJobRequest.from(Map.of("algorithm", "bpr"))))
                .hasMessageContaining("bpr");
        assertThat(jobs.total()).as("nothing was queued").isZero();
    }

    /** More threads than the training budget (the cores) is refused, naming the field, wherever it is asked. */
    @Test
    void threadsAboveTheTrainingBudgetAreRefusedNamingTheField() {
        TrainingJobs jobs = jobs(() -> DATA, 5);
        int tooMany = Runtime.getRuntime().availableProcessors() + 1;
        for (Map.Entry<String, Map<String, Object>> ask : Map.of(
                        "threads", Map.<String, Object>of("threads", tooMany),
                        "parameters.threads", Map.<String, Object>of("parameters", Map.of("threads", 256)),
                        "rankerParameters.threads",
                                Map.<String, Object>of("rankerParameters", Map.of("threads", tooMany)))
                .entrySet()) {
            assertThatThrownBy(() -> jobs.submit(TrainingJobRequest.from(ask.getValue())))
                    .as(ask.getKey())
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("training budget")
                    .satisfies(e -> assertThat(
                                    ((InvalidParameterException) e).getBody().getProperties())
                            .containsEntry("parameter", ask.getKey()));
        }
        assertThat(jobs.total()).isZero();
    }

    /** A running job's cancel is honoured within an epoch, not after the training. */
    @Test
    void aRunningJobIsCancelledWithinSeconds() throws Exception {
        LoadedData bigger = new LoadedData(
                "bigger",
                new SyntheticRatings(3_000, 1_000, 150_000, 8, 0.5, 0.5, 0.6, 9).generate(),
                null,
                MovieCatalog.empty());
        TrainingJobs jobs = jobs(() -> bigger, 5);
        String id = jobs.submit(TrainingJobRequest.from(Map.of(
                        "parameters", Map.of("factors", 128, "epochs", 1000, "patience", 1000), "ranker", false)))
                .id();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (jobs.get(id).epochs().isEmpty()) {
            assertThat(Instant.now()).as("first epoch in time").isBefore(deadline);
            Thread.sleep(20);
        }
        long cancelled = System.nanoTime();
        jobs.cancel(id);
        TrainingJobView done = await(jobs, id);
        assertThat(done.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat((System.nanoTime() - cancelled) / 1e9).as("seconds to stop").isLessThan(5);
    }

    /** Cancel and commit never both happen: once a job saves and activates, cancelling it is a 409. */
    @Test
    void aJobPastTheSaveCannotBeCancelledAndOneBeforeItSavesNothing() throws Exception {
        CountDownLatch activating = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        PostedRatings blockingActivation = new PostedRatings() {
            @Override
            public Snapshot withPosted(LoadedData base) {
                if (calls.incrementAndGet() == 2) { // the job's activation indexes the data: hold it there
                    activating.countDown();
                    try {
                        release.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Snapshot.of(base);
            }

            @Override
            public ServingModel foldChangedSince(ServingModel serving, long through) {
                return serving;
            }
        };
        TrainingJobs jobs = jobs(() -> DATA, 5, blockingActivation);
        String id = jobs.submit(TrainingJobRequest.from(with(QUICK, "activation", "always")))
                .id();
        assertThat(activating.await(1, TimeUnit.MINUTES)).isTrue();
        assertThat(jobs.get(id).progress().phase()).isEqualTo("activating");
        assertThatThrownBy(() -> jobs.cancel(id))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(
                                ((ConflictException) e).getBody().getType().toString())
                        .isEqualTo("/problems/training-job-committing"));
        release.countDown();
        TrainingJobView done = await(jobs, id);
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.activated()).isTrue();
        assertThat(registry.current().version()).isEqualTo(done.modelVersion());
    }

    /**
     * The models directory fills up during a save: the job fails with the real reason, leaves no
     * staging behind and counts as failed; the next job runs; a submission that cannot be recorded
     * leaves no record; a restart keeps the recorded reason.
     */
    @Test
    void aFullModelsDirectoryFailsTheJobCleanlyAndTheNextOneRuns() throws Exception {
        try (SmallFilesystem disk = SmallFilesystem.mount(dir, 256)) {
            Path models = disk.root().resolve("models");
            MeterRegistry meters = new SimpleMeterRegistry();
            ModelVersions versions =
                    new ModelVersions(new ModelStore(models), registry, Popularity.COUNT, 10, 5, PostedRatings.NONE);
            TrainingJobs jobs = new TrainingJobs(
                    () -> DATA,
                    versions,
                    new VersionPipeline(versions.store()),
                    new TrainingProperties(Algorithm.SGD, null, null, 42, 1, null, null),
                    new JobsProperties(2, 1, 100, null),
                    0.1,
                    models.resolve("jobs"),
                    meters);
            this.jobs = jobs;
            String tooBig = jobs.submit(TrainingJobRequest.from(
                            Map.of("parameters", Map.of("factors", 512, "epochs", 2), "ranker", false)))
                    .id();
            String small = jobs.submit(TrainingJobRequest.from(with(QUICK, "activation", "always")))
                    .id();
            TrainingJobView failed = await(jobs, tooBig);
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.reason())
                    .contains("No space left on device")
                    .contains("the active model is unchanged")
                    .doesNotContain(disk.root().toString());
            assertThat(await(jobs, small).status()).isEqualTo(JobStatus.SUCCEEDED);
            try (Stream<Path> entries = Files.list(models)) {
                assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".staging"));
            }
            assertThat(meters.get("recommender.training.jobs")
                            .tag("outcome", "failed")
                            .counter()
                            .count())
                    .isEqualTo(1);

            disk.fill(0);
            int before = jobs.total();
            assertThatThrownBy(() -> jobs.submit(TrainingJobRequest.from(QUICK)))
                    .isInstanceOf(StorageUnavailableException.class);
            assertThat(jobs.total()).isEqualTo(before);
            assertThat(new JobRecords(models.resolve("jobs")).readAll()).hasSize(before);
            disk.free();
            jobs.close();

            TrainingJobs restarted = new TrainingJobs(
                    () -> DATA,
                    versions,
                    new VersionPipeline(versions.store()),
                    new TrainingProperties(Algorithm.SGD, null, null, 42, 1, null, null),
                    new JobsProperties(2, 1, 100, null),
                    0.1,
                    models.resolve("jobs"),
                    new SimpleMeterRegistry());
            this.jobs = restarted;
            assertThat(restarted.get(tooBig).reason()).isEqualTo(failed.reason());
            restarted.close();
            this.jobs = null;
        }
    }
}
