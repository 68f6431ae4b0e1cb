package io.mfrecommender.versions;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.EventTable;
import io.mfrecommender.data.Split;
import io.mfrecommender.evaluation.Evaluation;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelEvaluation;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.EpochReport;
import io.mfrecommender.training.EventWeights;
import io.mfrecommender.training.TrainingCancelledException;
import io.mfrecommender.training.TrainingListener;
import io.mfrecommender.training.TrainingResult;
import io.mfrecommender.training.VersionTrainer;
import java.util.Locale;

/**
 * The one path from ratings to a version: hold out, train both models, score the candidate and the
 * served version on the same held-out ratings, save with one manifest schema, let the plan's
 * {@link ActivationPolicy} decide, activate. Startup, training jobs and the command line run it;
 * what differs between them is the {@link TrainingPlan} and what "activate" means to them
 * ({@link Activator}: serve it, or only name it in {@code ACTIVE}). Nothing here is saved or
 * served before the candidate is complete, so a failure or a cancellation leaves the served
 * version and its files as they were.
 */
public final class VersionPipeline {

    /** The phases a caller is told about as each begins. */
    public enum Phase {
        TRAINING,
        EVALUATING,
        SAVING,
        ACTIVATING;

        /** As a job's progress shows it. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Told about every epoch and phase, and asked between them whether to go on. */
    public interface Steps extends TrainingListener, Cancellation {

        default void phase(Phase phase) {}

        /**
         * The last moment a cancellation can win: called once before the version is saved. After it
         * returns the version is saved and, as the policy says, activated, whatever happens to
         * {@link #isCancelled}.
         *
         * @throws TrainingCancelledException when cancelled
         */
        default void commit() {
            requireNotCancelled(this);
        }

        static Steps of(TrainingListener listener, Cancellation cancellation) {
            return new Steps() {
                @Override
                public void onEpoch(EpochReport report) {
                    listener.onEpoch(report);
                }

                @Override
                public boolean isCancelled() {
                    return cancellation.isCancelled();
                }
            };
        }
    }

    /** Makes a saved version the active one: serves it (the service) or names it in {@code ACTIVE} (the command line). */
    @FunctionalInterface
    public interface Activator {
        void activate(FactorModel saved);
    }

    /**
     * A trained version, not yet saved, and how it did.
     *
     * @param trained    both models' training results and the version they make
     * @param split      the ratings it was trained on and those it was judged on
     * @param evaluation its figures on the held-out ratings
     * @param comparison those beside the served version's, for the activation policy
     */
    public record Candidate(VersionTrainer.Trained trained, Split split, Evaluation evaluation, Comparison comparison) {

        public FactorModel model() {
            return trained.model();
        }
    }

    private static EventTable withoutHeldOut(EventTable events, Dataset heldOut) {
        java.util.Set<String> pairs = new java.util.HashSet<>();
        for (int row = 0; row < heldOut.size(); row++) {
            pairs.add(heldOut.userId(row) + " " + heldOut.itemId(row));
        }
        return events.filterPairs((user, movie) -> !pairs.contains(user + " " + movie));
    }

    /**
     * @param saved    the version as saved, carrying its name
     * @param decision whether it was activated, and why
     */
    public record Outcome(Candidate candidate, FactorModel saved, ActivationPolicy.Decision decision) {}

    private final ModelStore store;
    private final EventWeights eventWeights;

    /** Events, where the data has any, weighed by the default types. */
    public VersionPipeline(ModelStore store) {
        this(store, EventWeights.DEFAULTS);
    }

    /** @param eventWeights how the ranker counts the data's events ({@code recommender.events.*}) */
    public VersionPipeline(ModelStore store, EventWeights eventWeights) {
        this.store = store;
        this.eventWeights = eventWeights;
    }

    /** Hold out, train, save, decide and activate: {@link #candidate} then {@link #release}. */
    public Outcome run(
            TrainingPlan plan, PostedRatings.Snapshot data, FactorModel served, Steps steps, Activator activator) {
        return release(
                candidate(plan, data.data().ratings(), data.data().events(), served, steps),
                plan,
                data,
                steps,
                activator);
    }

    /**
     * Trains a version on the plan's training share and scores it, and {@code served} when there
     * is one, on the held-out share. Nothing is saved.
     *
     * @throws TrainingCancelledException when {@code steps} says so, between epochs or after training
     */
    public Candidate candidate(TrainingPlan plan, Dataset ratings, FactorModel served, Steps steps) {
        return candidate(plan, ratings, EventTable.EMPTY, served, steps);
    }

    /**
     * The same with the data's events for the ranker: all of them but those on held-out pairs, so
     * the version is not judged on ratings it learnt from an event on the same movie.
     */
    public Candidate candidate(TrainingPlan plan, Dataset ratings, EventTable events, FactorModel served, Steps steps) {
        Split split = plan.holdOut().apply(ratings);
        steps.phase(Phase.TRAINING);
        EventTable trainEvents = events.isEmpty() ? events : withoutHeldOut(events, split.test());
        VersionTrainer.Trained trained =
                new VersionTrainer().train(split.train(), trainEvents, eventWeights, plan.recipe(), steps, steps);
        requireNotCancelled(steps);
        steps.phase(Phase.EVALUATING);
        Evaluation evaluation = evaluate(trained.model(), split, plan.rankingK());
        Comparison comparison = served == null
                ? Comparison.alone(evaluation)
                : compare(evaluation, trained.model(), served, split, plan);
        return new Candidate(trained, split, evaluation, comparison);
    }

    /** Saves the candidate, then activates it if the plan's policy says so. */
    public Outcome release(
            Candidate candidate, TrainingPlan plan, PostedRatings.Snapshot data, Steps steps, Activator activator) {
        steps.commit();
        steps.phase(Phase.SAVING);
        FactorModel saved = save(candidate, data);
        ActivationPolicy.Decision decision = plan.activation().decide(candidate.comparison());
        if (decision.activate()) {
            steps.phase(Phase.ACTIVATING);
            activator.activate(saved);
        }
        return new Outcome(candidate, saved, decision);
    }

    private static Evaluation evaluate(FactorModel model, Split split, int rankingK) {
        Evaluation accuracy = Evaluator.accuracy(model, split.test());
        return rankingK == 0
                ? accuracy
                : accuracy.withRanking(Evaluator.ranking(model, split.train(), split.test(), rankingK));
    }

    private static Comparison compare(
            Evaluation candidateFigures, FactorModel candidate, FactorModel served, Split split, TrainingPlan plan) {
        Comparison.Quality mine = Comparison.Quality.of(candidateFigures);
        Comparison.Quality theirs = Comparison.Quality.of(evaluate(served, split, plan.rankingK()));
        String fingerprint = served.manifest().datasetFingerprint();
        boolean sameData =
                fingerprint != null && fingerprint.equals(candidate.manifest().datasetFingerprint());
        int total = split.train().size() + split.test().size();
        String comparedOn = split.test().size() + " held-out ratings ("
                + Math.round(100.0 * split.test().size() / total) + "% of " + total + "), "
                + (sameData
                        ? "which neither version was trained on"
                        : "which the active version may have been trained on: it was trained on other data, so the "
                                + "comparison favours it");
        return new Comparison(mine, theirs, served.version(), comparedOn, mine.notWorseThan(theirs));
    }

    /**
     * Saves under a new name (staging directory, fsync, atomic rename) with the one evaluation
     * schema: the rating model's validation figures at its best epoch and the held-out figures.
     *
     * The manifest records how much of the journal the data included and the fingerprint of the
     * data as loaded, which serving it checks.
     */
    private FactorModel save(Candidate candidate, PostedRatings.Snapshot data) {
        FactorModel model = candidate.model();
        return store.save(model.withManifest(model.manifest()
                .withDataset(data.data().description())
                .withEvaluation(manifestEvaluation(candidate))
                .withPostedThrough(data.through())
                .withSourceFingerprint(data.sourceFingerprint())));
    }

    static ModelEvaluation manifestEvaluation(Candidate candidate) {
        TrainingResult rating = candidate.trained().rating();
        EpochReport best = rating.epochs().stream()
                .filter(e -> e.model().equals(EpochReport.RATING) && e.epoch() == rating.bestEpoch() && !e.refit())
                .filter(e -> Double.isFinite(e.validationRmse()))
                .findFirst()
                .orElse(null);
        Evaluation heldOut = candidate.evaluation();
        boolean atK = heldOut.ranking() != null && heldOut.ranking().k() == TrainingPlan.RANKING_K;
        double ndcg = atK ? heldOut.ranking().ndcg() : Double.NaN;
        double coverage = atK ? heldOut.ranking().coverage() : Double.NaN;
        return new ModelEvaluation(
                best == null ? null : best.validationRmse(),
                best == null ? null : best.validationMae(),
                rating.trainSeconds(),
                finite(heldOut.rmse()),
                finite(heldOut.mae()),
                finite(ndcg),
                heldOut.ratings(),
                finite(coverage));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static void requireNotCancelled(Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            throw new TrainingCancelledException(0);
        }
    }
}
