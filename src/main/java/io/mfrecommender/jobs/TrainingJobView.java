package io.mfrecommender.jobs;

import io.mfrecommender.versions.Comparison;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A training job as clients see it and as it is kept on disk ({@code <models>/jobs/<id>.json}).
 *
 * @param id          job id, also in {@code Location}
 * @param status      QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param request     what was asked, with the defaults filled in
 * @param progress    the current model, epoch and phase, and an estimate of the seconds left
 * @param epochs      every finished epoch's figures
 * @param evaluation  the candidate and the active version on the same held-out ratings, what
 *                    they were measured on, and the decision
 * @param modelVersion the version saved, when one was
 * @param activated   whether it was made active
 * @param reason      why it was or was not activated, or why the job failed
 */
public record TrainingJobView(
        String id,
        JobStatus status,
        Instant submittedAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        Request request,
        @Nullable Progress progress,
        List<Epoch> epochs,
        @Nullable Comparison evaluation,
        @Nullable String modelVersion,
        @Nullable Boolean activated,
        @Nullable String reason) {

    /**
     * What a job was asked to do, every default filled in.
     *
     * @param rating     the rating model's parameters by name, {@code algorithm} first
     * @param ranker     the ranker's, or null without one
     * @param holdout    share of the ratings held out to judge the version
     * @param seed       seed of both models
     * @param threads    training threads
     * @param activation always, if-better or never
     */
    public record Request(
            Map<String, Object> rating,
            @Nullable Map<String, Object> ranker,
            double holdout,
            long seed,
            int threads,
            String activation) {}

    /**
     * @param model       {@code rating} or {@code ranker}
     * @param epoch       last finished epoch of that model
     * @param maxEpochs   its epoch budget (early stopping may end sooner)
     * @param phase       queued, loading data, training, evaluating, saving, activating, done
     * @param etaSeconds  rough seconds left for the current model, null when unknown
     */
    public record Progress(
            @Nullable String model,
            int epoch,
            int maxEpochs,
            @Nullable String phase,
            @Nullable Double etaSeconds) {}

    /** One epoch: the rating model's validation RMSE or the ranker's validation NDCG@10 (null when not measured). */
    public record Epoch(
            String model,
            int epoch,
            boolean refit,
            double trainLoss,
            @Nullable Double validationRmse,
            @Nullable Double validationNdcg,
            double seconds) {}
}
