package io.mfrecommender.jobs;

import io.mfrecommender.api.ConflictException;
import io.mfrecommender.api.NotFoundException;
import io.mfrecommender.api.ProblemTypes;
import io.mfrecommender.api.StorageUnavailableException;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.text.ClientText;
import io.mfrecommender.training.TrainingCancelledException;
import io.mfrecommender.training.TrainingProperties;
import io.mfrecommender.versions.ItemIndexes;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.VersionPipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training jobs: retrain while serving. The queue around the {@link VersionPipeline}: one job runs
 * at a time on its own thread; a small bounded queue holds the next ones, and one more is refused
 * (409). A job loads the configured ratings and runs its plan through the pipeline, which saves
 * the version and activates it as the request says; a job that fails or is cancelled saves
 * nothing, so the served version and its files are never touched by it. Records survive restarts:
 * a job found queued or running at startup was cut short by the stop and is marked FAILED.
 */
public final class TrainingJobs implements AutoCloseable {

    /** The most jobs one page of {@code GET /training-jobs} holds. */
    public static final int MAX_PAGE_SIZE = 100;
    /** The last page number {@code GET /training-jobs} accepts. */
    public static final int MAX_PAGE = 1_000_000;

    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String SHUT_DOWN = "the service shut down before the job ended; nothing was saved";
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])(?:/[^\\s/:'\"]+){2,}");

    private final Supplier<LoadedData> dataLoader;
    private final ModelVersions versions;
    /** Builds a version's approximate index before it is activated; null: none is built ahead. */
    private volatile ItemIndexes indexes;

    private final VersionPipeline pipeline;
    private final TrainingProperties defaults;
    private final JobsProperties properties;
    /** {@code recommender.models.holdout}: a job's share held out when its request names none. */
    private final double holdout;

    private final JobRecords records;
    private final ThreadPoolExecutor executor;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final MeterRegistry meters;
    private volatile boolean shuttingDown;

    /** @param dataLoader loads the ratings a job trains on (the configured source, read afresh per job) */
    /** Jobs build the approximate index of a version that will want one before activating it. */
    public void buildIndexesWith(ItemIndexes itemIndexes) {
        this.indexes = itemIndexes;
    }

    public TrainingJobs(
            Supplier<LoadedData> dataLoader,
            ModelVersions versions,
            VersionPipeline pipeline,
            TrainingProperties defaults,
            JobsProperties properties,
            double holdout,
            Path recordsDirectory,
            MeterRegistry meters) {
        this.dataLoader = dataLoader;
        this.versions = versions;
        this.pipeline = pipeline;
        this.defaults = defaults;
        this.properties = properties;
        this.holdout = holdout;
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
        boolean owner = versions.store().writable();
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
                                + view.status().name().toLowerCase(Locale.ROOT));
                records.write(restored);
                log.warn("Training job {} was {} when the service stopped; marked FAILED", view.id(), view.status());
            }
            jobs.put(restored.id(), Job.restored(restored));
        }
        Gauge.builder("recommender.training.queue", executor, e -> e.getQueue().size())
                .description("Training jobs waiting behind the running one")
                .register(meters);
    }

    /** Validates the request, fills in the defaults and queues the job; 409 when the queue is full. */
    public TrainingJobView submit(TrainingJobRequest request) {
        versions.requireWritable("train a version");
        TrainingJobRequest.Plan plan =
                (request == null ? TrainingJobRequest.EMPTY : request).plan(defaults, properties, holdout);
        Instant now = Instant.now();
        String id = ID_TIME.format(now) + "-" + sequence.incrementAndGet();
        Job job = new Job(id, now, plan, records, report -> {
            log.info("Training job {}: {}", id, report.summary());
            Counter.builder("recommender.training.epochs")
                    .description("Epochs trained by jobs, by model")
                    .tag("model", report.model())
                    .register(meters)
                    .increment();
        });
        FutureTask<Void> task = new FutureTask<>(() -> run(job), null);
        job.task = task;
        synchronized (this) {
            try {
                records.write(job.view());
            } catch (RuntimeException e) {
                log.warn("Training job {} refused: its record could not be written: {}", id, e.getMessage());
                throw new StorageUnavailableException("the training job could not be recorded (the models directory "
                        + "may be full or read-only); nothing was queued; retry after Retry-After seconds");
            }
            jobs.put(id, job);
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                jobs.remove(id);
                records.delete(id);
                throw new ConflictException(
                        ProblemTypes.TRAINING_QUEUE_FULL,
                        "Training queue full",
                        "a training job is running and " + properties.queueCapacity() + " more are queued; "
                                + "retry when one has finished (GET /training-jobs)");
            }
        }
        log.info("Training job {} queued: {}", id, plan.echo());
        return job.view();
    }

    public TrainingJobView get(String id) {
        return job(id).view();
    }

    /** Newest first. */
    public List<TrainingJobView> list(int page, int size) {
        return jobs.values().stream()
                .map(Job::view)
                .sorted(Comparator.comparing(TrainingJobView::submittedAt)
                        .thenComparing(TrainingJobView::id)
                        .reversed())
                .skip((long) page * size)
                .limit(size)
                .toList();
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
            if (job.committing) {
                throw new ConflictException(
                        ProblemTypes.TRAINING_JOB_COMMITTING,
                        "Training job past cancelling",
                        "training job " + id + " is saving and activating its version and can no longer be "
                                + "cancelled; activate another version afterwards (PUT /models/active) to undo it");
            }
            job.cancelled = true;
            if (job.status == JobStatus.QUEUED && executor.remove(job.task)) {
                job.finish(JobStatus.CANCELLED, "cancelled before it started");
                job.persist();
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
                    "there is no training job " + ClientText.quote(id) + "; GET /training-jobs lists them");
        }
        return job;
    }

    private void run(Job job) {
        synchronized (job) {
            if (job.cancelled) {
                job.finish(JobStatus.CANCELLED, shuttingDown ? SHUT_DOWN : "cancelled before it started");
                job.persist();
                count("cancelled");
                return;
            }
            job.start();
        }
        job.persist();
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            train(job);
            outcome = "succeeded";
        } catch (TrainingCancelledException e) {
            job.finish(JobStatus.CANCELLED, shuttingDown ? SHUT_DOWN : "cancelled during training; nothing was saved");
            outcome = "cancelled";
        } catch (RuntimeException | Error e) {
            log.warn("Training job {} failed: {}", job.id, e.toString());
            String message =
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            job.finish(
                    JobStatus.FAILED, "training failed: " + withoutPaths(message) + "; the active model is unchanged");
        } finally {
            job.persist();
            Timer.builder("recommender.training.duration")
                    .description("Wall time of training jobs, by outcome")
                    .tag("outcome", outcome)
                    .register(meters)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            count(outcome);
            pruneHistory();
        }
    }

    /** The job's plan through the pipeline, on the configured data and the journal, beside the served version. */
    private void train(Job job) {
        job.phase("loading data");
        LoadedData loaded = dataLoader.get();
        VersionPipeline.Outcome outcome = pipeline.run(
                job.plan.plan(),
                versions.trainingData(loaded),
                versions.current().map(served -> served.model()).orElse(null),
                job,
                saved -> {
                    // The served version keeps its index while the new one's is built, then both swap at once.
                    ItemIndexes ahead = indexes;
                    if (ahead != null) {
                        ahead.prepare(saved);
                    }
                    versions.serve(saved, loaded);
                });
        job.saved(outcome.saved().version(), outcome.candidate().comparison());
        try {
            versions.applyRetention();
        } catch (RuntimeException e) {
            // The version is saved (and served, if activated): an old one left behind is no reason to fail the job.
            log.warn("Retention after training job {} failed: {}", job.id, e.getMessage());
        }
        job.finish(
                JobStatus.SUCCEEDED,
                outcome.decision().reason(),
                outcome.decision().activate());
        log.info(
                "Training job {} saved {}{} ({})",
                job.id,
                outcome.saved().version(),
                outcome.decision().activate() ? " and activated it" : "",
                outcome.decision().reason());
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
                .sorted(Comparator.comparing(TrainingJobView::submittedAt).reversed())
                .toList();
        for (int i = properties.history(); i < finished.size(); i++) {
            jobs.remove(finished.get(i).id());
            records.delete(finished.get(i).id());
        }
    }

    /** Cancels a running job and stops the worker, for graceful shutdown; the job is recorded as cancelled. */
    @Override
    public void close() {
        shuttingDown = true;
        List<Job> ours = jobs.values().stream().filter(Job::ours).toList();
        for (Job job : ours) {
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
        for (Job job : ours) {
            synchronized (job) {
                if (!job.status.finished()) {
                    job.finish(JobStatus.CANCELLED, SHUT_DOWN);
                    job.persist();
                }
            }
        }
    }
}
