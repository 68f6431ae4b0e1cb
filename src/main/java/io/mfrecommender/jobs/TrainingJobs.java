package io.mfrecommender.jobs;

import io.mfrecommender.api.ConflictException;
import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.NotFoundException;
import io.mfrecommender.api.ProblemTypes;
import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.Split;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.AlsParameters;
import io.mfrecommender.training.EpochReport;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.TrainingCancelledException;
import io.mfrecommender.training.TrainingParameters;
import io.mfrecommender.training.TrainingProperties;
import io.mfrecommender.training.VersionTrainer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training jobs: retrain while serving. One job runs at a time on its own thread; a small bounded
 * queue holds the next ones, and one more is refused (409). A job loads the configured ratings,
 * holds a seeded share out, trains a whole version (rating model and ranker) on the rest through
 * {@link ModelService}, scores it and the active version on the held-out ratings, saves it, and
 * activates it as its request says. A job that fails or is cancelled saves nothing, so the served
 * version and its files are never touched by it. Records survive restarts: a job found queued or
 * running at startup was cut short by the stop and is marked FAILED.
 */
public final class TrainingJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String SHUT_DOWN = "the service shut down before the job ended; nothing was saved";
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])(?:/[^\\s/:'\"]+){2,}");
    private static final Pattern PARAMETER = Pattern.compile("^(?:unknown parameter '([A-Za-z]+)'|([A-Za-z]+) )");

    private final java.util.function.Supplier<LoadedData> dataLoader;
    private final ActiveModels active;
    private final TrainingProperties defaults;
    private final JobsProperties properties;
    private final JobRecords records;
    private final ThreadPoolExecutor executor;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final MeterRegistry meters;
    private volatile boolean shuttingDown;

    /** @param dataLoader loads the ratings a job trains on (the configured source, read afresh per job) */
    public TrainingJobs(
            java.util.function.Supplier<LoadedData> dataLoader,
            ActiveModels active,
            TrainingProperties defaults,
            JobsProperties properties,
            Path recordsDirectory,
            MeterRegistry meters) {
        this.dataLoader = dataLoader;
        this.active = active;
        this.defaults = defaults;
        this.properties = properties;
        this.records = new JobRecords(recordsDirectory);
        this.meters = meters;
        this.executor = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(properties.queueCapacity()), runnable -> {
                    Thread thread = new Thread(runnable, "training-job");
                    thread.setDaemon(true);
                    thread.setPriority(Thread.MIN_PRIORITY);
                    return thread;
                });
        // On a replica (read-only models directory) the records are another instance's: shown as they are.
        boolean owner = active.models().store().writable();
        for (TrainingJobView view : records.readAll()) {
            TrainingJobView restored = view;
            if (owner && !view.status().finished()) {
                restored = new TrainingJobView(
                        view.id(),
                        JobStatus.FAILED,
                        view.submittedAt(),
                        view.startedAt(),
                        Instant.now(),
                        view.request(),
                        view.progress(),
                        view.epochs(),
                        view.evaluation(),
                        null,
                        false,
                        "the service stopped while the job was "
                                + view.status().name().toLowerCase(java.util.Locale.ROOT));
                records.write(restored);
                log.warn("Training job {} was {} when the service stopped; marked FAILED", view.id(), view.status());
            }
            jobs.put(restored.id(), Job.finished(restored));
        }
        Gauge.builder("recommender.training.queue", executor, e -> e.getQueue().size())
                .description("Training jobs waiting behind the running one")
                .register(meters);
    }

    /** Validates the request, fills in the defaults and queues the job; 409 when the queue is full. */
    public TrainingJobView submit(TrainingJobRequest request) {
        active.requireWritableStore("train a version");
        Plan plan = plan(
                request == null ? new TrainingJobRequest(null, null, null, null, null, null, null, null) : request);
        Instant now = Instant.now();
        String id = ID_TIME.format(now) + "-" + sequence.incrementAndGet();
        Job job = new Job(id, now, plan);
        FutureTask<Void> task = new FutureTask<>(() -> run(job), null);
        job.task = task;
        synchronized (this) {
            jobs.put(id, job);
            job.persist(records);
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                jobs.remove(id);
                records.delete(id);
                throw queueFull();
            }
        }
        log.info("Training job {} queued: {}", id, plan.echo());
        return job.view();
    }

    private ConflictException queueFull() {
        return new ConflictException(
                ProblemTypes.TRAINING_QUEUE_FULL,
                "Training queue full",
                "a training job is running and " + properties.queueCapacity() + " more are queued; "
                        + "retry when one has finished (GET /training-jobs)");
    }

    public TrainingJobView get(String id) {
        return job(id).view();
    }

    /** Newest first. */
    public List<TrainingJobView> list(int page, int size) {
        List<TrainingJobView> all =
                new ArrayList<>(jobs.values().stream().map(Job::view).toList());
        all.sort((a, b) -> b.submittedAt().compareTo(a.submittedAt()) != 0
                ? b.submittedAt().compareTo(a.submittedAt())
                : b.id().compareTo(a.id()));
        int from = Math.min(all.size(), page * size);
        return List.copyOf(all.subList(from, Math.min(all.size(), from + size)));
    }

    public int total() {
        return jobs.size();
    }

    /** Cancels a queued job at once, a running one within an epoch; 409 for a finished one. */
    public TrainingJobView cancel(String id) {
        Job job = job(id);
        synchronized (job) {
            if (job.status.finished()) {
                throw new ConflictException(
                        ProblemTypes.TRAINING_JOB_FINISHED,
                        "Training job finished",
                        "training job " + id + " has already ended (" + job.status + ")");
            }
            job.cancelled = true;
            if (job.status == JobStatus.QUEUED && executor.remove(job.task)) {
                job.finish(JobStatus.CANCELLED, "cancelled before it started");
                job.persist(records);
                count("cancelled");
            }
        }
        return job.view();
    }

    private Job job(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new NotFoundException(
                    ProblemTypes.UNKNOWN_TRAINING_JOB,
                    "Unknown training job",
                    "there is no training job '" + id + "'; GET /training-jobs lists them");
        }
        return job;
    }

    private void run(Job job) {
        synchronized (job) {
            if (job.cancelled) {
                job.finish(JobStatus.CANCELLED, shuttingDown ? SHUT_DOWN : "cancelled before it started");
                job.persist(records);
                count("cancelled");
                return;
            }
            job.start();
        }
        job.persist(records);
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            outcome = train(job);
        } catch (TrainingCancelledException e) {
            job.finish(JobStatus.CANCELLED, shuttingDown ? SHUT_DOWN : "cancelled during training; nothing was saved");
            outcome = "cancelled";
        } catch (RuntimeException | Error e) {
            log.warn("Training job {} failed: {}", job.id, e.toString());
            job.finish(
                    JobStatus.FAILED,
                    "training failed: "
                            + withoutPaths(
                                    e.getMessage() != null
                                            ? e.getMessage()
                                            : e.getClass().getSimpleName()) + "; the active model is unchanged");
        } finally {
            job.persist(records);
            Timer.builder("recommender.training.duration")
                    .description("Wall time of training jobs, by outcome")
                    .tag("outcome", outcome)
                    .register(meters)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            count(outcome);
            pruneHistory();
        }
    }

    private String train(Job job) {
        Plan plan = job.plan;
        job.phase("loading data");
        LoadedData loaded = dataLoader.get();
        PostedRatings.Snapshot snapshot = active.trainingData(loaded);
        LoadedData data = snapshot.data();
        // The configured seed, not the job's: every version is judged on the same held-out ratings.
        Split split = ModelService.holdout(data.ratings(), plan.holdout(), defaults.seed());
        Dataset train = split.train();
        Dataset heldOut = split.test();
        job.phase("training");
        VersionTrainer.Trained trained = active.models()
                .train(
                        train,
                        plan.recipe(),
                        report -> {
                            job.epoch(report, records);
                            log.info("Training job {}: {}", job.id, report.summary());
                            Counter.builder("recommender.training.epochs")
                                    .description("Epochs trained by jobs, by model")
                                    .tag("model", report.model())
                                    .register(meters)
                                    .increment();
                        },
                        () -> job.cancelled);
        if (job.cancelled) {
            throw new TrainingCancelledException(0);
        }
        job.phase("evaluating");
        FactorModel candidate = trained.model();
        Map<String, Object> evaluation = new LinkedHashMap<>();
        Map<String, Object> candidateMetrics = ModelService.heldOutMetrics(candidate, train, heldOut);
        evaluation.put("candidate", candidateMetrics);
        ServingModel current = active.current().orElse(null);
        boolean activate;
        String reason;
        if (current == null) {
            activate = plan.activation() != Activation.NEVER;
            reason = activate ? "no version was active" : "activation 'never'";
        } else {
            FactorModel served = current.model();
            Map<String, Object> activeMetrics = ModelService.heldOutMetrics(served, train, heldOut);
            evaluation.put("active", activeMetrics);
            evaluation.put("activeVersion", served.version());
            boolean sameData = served.manifest().datasetFingerprint() != null
                    && served.manifest()
                            .datasetFingerprint()
                            .equals(candidate.manifest().datasetFingerprint());
            evaluation.put(
                    "comparedOn",
                    heldOut.size() + " held-out ratings (" + percent(plan.holdout()) + " of "
                            + data.ratings().size() + "), "
                            + (sameData
                                    ? "which neither version was trained on"
                                    : "which the active version may have been trained on: it was trained on other data, so the "
                                            + "comparison favours it"));
            boolean better = notWorse(candidateMetrics, activeMetrics);
            evaluation.put("candidateIsBetter", better);
            switch (plan.activation()) {
                case ALWAYS -> {
                    activate = true;
                    reason = "activation 'always'";
                }
                case NEVER -> {
                    activate = false;
                    reason = "activation 'never'";
                }
                default -> {
                    activate = better;
                    reason = better
                            ? "no worse than the active version on RMSE and NDCG@10"
                            : "worse than the active version on RMSE or NDCG@10";
                }
            }
        }
        if (job.cancelled) {
            throw new TrainingCancelledException(0);
        }
        job.phase("saving");
        FactorModel saved = active.models()
                .save(
                        trained,
                        data.description(),
                        ModelService.asManifestEvaluation(candidateMetrics, heldOut.size()),
                        snapshot.through());
        job.saved(saved.version(), evaluation);
        if (activate) {
            job.phase("activating");
            active.serve(saved, loaded);
        }
        try {
            active.applyRetention();
        } catch (RuntimeException e) {
            // The version is saved (and served, if activated): an old one left behind is no reason to fail the job.
            log.warn("Retention after training job {} failed: {}", job.id, e.getMessage());
        }
        job.finish(JobStatus.SUCCEEDED, reason, activate);
        log.info(
                "Training job {} saved {}{} ({})",
                job.id,
                saved.version(),
                activate ? " and activated it" : "",
                reason);
        return "succeeded";
    }

    /**
     * A job's reason is read by any client: an absolute path in an error message (a file that could
     * not be written, say) is cut to its file name. The log keeps the whole message.
     */
    static String withoutPaths(String message) {
        return ABSOLUTE_PATH
                .matcher(message)
                .replaceAll(path -> Matcher.quoteReplacement(
                        path.group().substring(path.group().lastIndexOf('/') + 1)));
    }

    private static boolean notWorse(Map<String, Object> candidate, Map<String, Object> current) {
        boolean rmse = ((Number) candidate.get("rmse")).doubleValue() <= ((Number) current.get("rmse")).doubleValue();
        boolean ndcg = !candidate.containsKey("ndcgAtK")
                || !current.containsKey("ndcgAtK")
                || ((Number) candidate.get("ndcgAtK")).doubleValue() >= ((Number) current.get("ndcgAtK")).doubleValue();
        return rmse && ndcg;
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    private void count(String outcome) {
        Counter.builder("recommender.training.jobs")
                .description("Finished training jobs, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    /** Forgets the oldest finished job records beyond {@code recommender.jobs.history}. */
    private void pruneHistory() {
        List<TrainingJobView> finished = jobs.values().stream()
                .map(Job::view)
                .filter(v -> v.status().finished())
                .sorted((a, b) -> b.submittedAt().compareTo(a.submittedAt()))
                .toList();
        for (int i = properties.history(); i < finished.size(); i++) {
            jobs.remove(finished.get(i).id());
            records.delete(finished.get(i).id());
        }
    }

    /** Validated request with every default filled in. */
    record Plan(ModelRecipe recipe, double holdout, long seed, Activation activation, Map<String, Object> echo) {}

    Plan plan(TrainingJobRequest request) {
        Algorithm algorithm;
        try {
            algorithm = request.algorithm() == null ? defaults.algorithm() : Algorithm.parse(request.algorithm());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("algorithm", e.getMessage());
        }
        long seed = request.seed() != null ? request.seed() : defaults.seed();
        int threads = request.threads() != null ? request.threads() : properties.threadsOrDefault();
        if (threads < 1 || threads > TrainingParameters.MAX_THREADS) {
            throw new InvalidParameterException(
                    "threads", "threads must be between 1 and " + TrainingParameters.MAX_THREADS + ", got " + threads);
        }
        double holdout = request.holdout() != null ? request.holdout() : properties.holdout();
        if (!(holdout > 0 && holdout < 0.5)) {
            throw new InvalidParameterException("holdout", "holdout must be a share in (0, 0.5), got " + holdout);
        }
        ModelRecipe configured = defaults.toRecipe();
        TrainingParameters base =
                algorithm == defaults.algorithm() ? configured.rating() : TrainingParameters.defaults(algorithm);
        Map<String, Object> ratingOverrides = new LinkedHashMap<>();
        ratingOverrides.put("seed", seed);
        if (algorithm == Algorithm.SGD) {
            ratingOverrides.put("threads", threads);
        }
        if (request.parameters() != null) {
            ratingOverrides.putAll(request.parameters());
        }
        TrainingParameters rating = bind("parameters", () -> base.with(ratingOverrides));
        boolean withRanker = request.ranker() != null ? request.ranker() : configured.ranker() != null;
        AlsParameters ranker = null;
        if (withRanker) {
            AlsParameters rankerBase = configured.ranker() != null ? configured.ranker() : AlsParameters.defaults();
            Map<String, Object> rankerOverrides = new LinkedHashMap<>();
            rankerOverrides.put("seed", seed);
            rankerOverrides.put("threads", threads);
            if (request.rankerParameters() != null) {
                rankerOverrides.putAll(request.rankerParameters());
            }
            ranker = bind("rankerParameters", () -> rankerBase.with(rankerOverrides));
        } else if (request.rankerParameters() != null
                && !request.rankerParameters().isEmpty()) {
            throw new InvalidParameterException("rankerParameters", "rankerParameters are given but ranker is false");
        }
        Activation activation = request.activation() != null ? request.activation() : Activation.IF_BETTER;
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("rating", rating.asMap());
        echo.put("ranker", ranker == null ? null : ranker.asMap());
        echo.put("holdout", holdout);
        echo.put("seed", seed);
        echo.put("threads", threads);
        echo.put("activation", activation.id());
        return new Plan(new ModelRecipe(rating, ranker), holdout, seed, activation, Collections.unmodifiableMap(echo));
    }

    private static <T> T bind(String field, java.util.function.Supplier<T> binding) {
        try {
            return binding.get();
        } catch (IllegalArgumentException e) {
            Matcher matcher = PARAMETER.matcher(e.getMessage());
            String name = matcher.find() ? (matcher.group(1) != null ? matcher.group(1) : matcher.group(2)) : null;
            throw new InvalidParameterException(name == null ? field : field + "." + name, e.getMessage());
        }
    }

    /** Cancels a running job and stops the worker, for graceful shutdown; the job is recorded as cancelled. */
    @Override
    public void close() {
        shuttingDown = true;
        for (Job job : jobs.values()) {
            if (!job.status.finished()) {
                job.cancelled = true;
            }
        }
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Job job : jobs.values()) {
            synchronized (job) {
                if (!job.status.finished()) {
                    job.finish(JobStatus.CANCELLED, SHUT_DOWN);
                    job.persist(records);
                }
            }
        }
    }

    /** The mutable state behind one job's view; its fields change on the job's own thread. */
    private static final class Job {
        final String id;
        final Instant submittedAt;
        final Plan plan;
        volatile boolean cancelled;
        FutureTask<Void> task;
        volatile JobStatus status = JobStatus.QUEUED;
        volatile Instant startedAt;
        volatile Instant finishedAt;
        volatile TrainingJobView.Progress progress = new TrainingJobView.Progress(null, 0, 0, "queued", null);
        final List<TrainingJobView.Epoch> epochs = Collections.synchronizedList(new ArrayList<>());
        volatile Map<String, Object> evaluation;
        volatile String modelVersion;
        volatile Boolean activated;
        volatile String reason;
        private TrainingJobView restored;

        Job(String id, Instant submittedAt, Plan plan) {
            this.id = id;
            this.submittedAt = submittedAt;
            this.plan = plan;
        }

        static Job finished(TrainingJobView view) {
            Job job = new Job(view.id(), view.submittedAt(), null);
            job.status = view.status();
            job.restored = view;
            return job;
        }

        TrainingJobView view() {
            if (restored != null) {
                return restored;
            }
            return new TrainingJobView(
                    id,
                    status,
                    submittedAt,
                    startedAt,
                    finishedAt,
                    plan.echo(),
                    progress,
                    List.copyOf(epochs),
                    evaluation,
                    modelVersion,
                    activated,
                    reason);
        }

        void persist(JobRecords records) {
            records.write(view());
        }

        void start() {
            startedAt = Instant.now();
            status = JobStatus.RUNNING;
        }

        void phase(String phase) {
            TrainingJobView.Progress p = progress;
            progress = new TrainingJobView.Progress(p.model(), p.epoch(), p.maxEpochs(), phase, null);
        }

        void epoch(EpochReport report, JobRecords records) {
            epochs.add(new TrainingJobView.Epoch(
                    report.model(),
                    report.epoch(),
                    report.refit(),
                    report.trainLoss(),
                    finite(report.validationRmse()),
                    finite(report.validationNdcg()),
                    report.seconds()));
            boolean ranker = report.model().equals(EpochReport.RANKER);
            int max = ranker
                    ? plan.recipe().ranker().epochs()
                    : plan.recipe().rating().epochs();
            double eta = report.seconds() * Math.max(0, max - report.epoch());
            progress = new TrainingJobView.Progress(report.model(), report.epoch(), max, "training", eta);
            persist(records);
        }

        void saved(String version, Map<String, Object> metrics) {
            modelVersion = version;
            evaluation = metrics;
        }

        void finish(JobStatus end, String why) {
            finish(end, why, false);
        }

        void finish(JobStatus end, String why, boolean wasActivated) {
            status = end;
            reason = why;
            activated = wasActivated;
            finishedAt = Instant.now();
            TrainingJobView.Progress p = progress;
            progress = new TrainingJobView.Progress(p.model(), p.epoch(), p.maxEpochs(), "done", 0.0);
        }

        private static Double finite(double value) {
            return Double.isFinite(value) ? value : null;
        }
    }
}
