package io.mfrecommender.jobs;

import io.mfrecommender.training.EpochReport;
import io.mfrecommender.training.TrainingCancelledException;
import io.mfrecommender.versions.Comparison;
import io.mfrecommender.versions.TrainingPlan;
import io.mfrecommender.versions.VersionPipeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The state behind one job's {@link TrainingJobView}. Its fields change on the job's own thread,
 * and on a client's when it cancels; every change that matters after a restart is written to the
 * {@link JobRecords} at once.
 */
final class Job implements VersionPipeline.Steps {

    final String id;
    final Instant submittedAt;
    final TrainingJobRequest.Plan plan;
    private final JobRecords records;
    /** Told about every epoch after the job records it (the log, the metrics). */
    private final Consumer<EpochReport> observer;

    volatile boolean cancelled;
    /** Past the point of cancelling: the version is being saved and activated. */
    volatile boolean committing;

    FutureTask<Void> task;
    volatile JobStatus status = JobStatus.QUEUED;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile TrainingJobView.Progress progress = new TrainingJobView.Progress(null, 0, 0, "queued", null);
    private final List<TrainingJobView.Epoch> epochs = Collections.synchronizedList(new ArrayList<>());
    private volatile Comparison evaluation;
    private volatile String modelVersion;
    private volatile Boolean activated;
    private volatile String reason;
    /** The record of a job from before a restart: shown as it is. */
    private final TrainingJobView restored;

    Job(
            String id,
            Instant submittedAt,
            TrainingJobRequest.Plan plan,
            JobRecords records,
            Consumer<EpochReport> observer) {
        this.id = id;
        this.submittedAt = submittedAt;
        this.plan = plan;
        this.records = records;
        this.observer = observer;
        this.restored = null;
    }

    private Job(TrainingJobView restored) {
        this.id = restored.id();
        this.submittedAt = restored.submittedAt();
        this.plan = null;
        this.records = null;
        this.observer = null;
        this.restored = restored;
        this.status = restored.status();
    }

    /** A record read at startup: a job of an earlier run, or on a replica another instance's. */
    static Job restored(TrainingJobView view) {
        return new Job(view);
    }

    /** Whether this instance runs the job (it is not a record from elsewhere). */
    boolean ours() {
        return restored == null;
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

    /**
     * Writes the record; a failure (a full disk) is logged, not thrown: the job's state in memory is
     * what clients see, and the next write, or the final one, tries again.
     */
    void persist() {
        try {
            records.write(view());
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Job.class)
                    .warn("Could not write the record of training job {}: {}", id, e.getMessage());
        }
    }

    void start() {
        startedAt = Instant.now();
        status = JobStatus.RUNNING;
    }

    void phase(String phase) {
        TrainingJobView.Progress p = progress;
        progress = new TrainingJobView.Progress(p.model(), p.epoch(), p.maxEpochs(), phase, null);
    }

    @Override
    public void phase(VersionPipeline.Phase phase) {
        phase(phase.toString());
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Cancelled or committed, never both: {@link TrainingJobs#cancel} takes the same lock. */
    @Override
    public synchronized void commit() {
        if (cancelled) {
            throw new TrainingCancelledException(0);
        }
        committing = true;
    }

    @Override
    public void onEpoch(EpochReport report) {
        epochs.add(new TrainingJobView.Epoch(
                report.model(),
                report.epoch(),
                report.refit(),
                report.trainLoss(),
                finite(report.validationRmse()),
                finite(report.validationNdcg()),
                report.seconds()));
        TrainingPlan training = plan.plan();
        int max = report.model().equals(EpochReport.RANKER)
                ? training.recipe().ranker().epochs()
                : training.recipe().rating().epochs();
        double eta = report.seconds() * Math.max(0, max - report.epoch());
        progress = new TrainingJobView.Progress(report.model(), report.epoch(), max, "training", eta);
        persist();
        observer.accept(report);
    }

    void saved(String version, Comparison figures) {
        modelVersion = version;
        evaluation = figures;
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
