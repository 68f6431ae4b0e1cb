package io.mfrecommender.jobs;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Split;
import io.mfrecommender.data.SplitStrategy;
import io.mfrecommender.evaluation.Evaluation;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.EpochReport;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.TrainingListener;
import io.mfrecommender.training.TrainingResult;
import io.mfrecommender.training.VersionTrainer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one path from ratings to a saved, active model version: train both models, record what
 * was measured, save atomically, and name the version in {@code ACTIVE}. Startup, the command
 * line and training jobs all go through it, so a version made by any of them is served the same
 * way by any other.
 */
public final class ModelService {

    private final ModelStore store;

    public ModelService(ModelStore store) {
        this.store = store;
    }

    public ModelStore store() {
        return store;
    }

    /** Trains a version (rating model and, unless the recipe leaves it out, the ranker); nothing is saved. */
    public VersionTrainer.Trained train(
            Dataset ratings, ModelRecipe recipe, TrainingListener listener, Cancellation cancellation) {
        return new VersionTrainer().train(ratings, recipe, listener, cancellation);
    }

    /**
     * Saves a trained version under a new name (staging directory, fsync, atomic rename). Its
     * manifest records the dataset, the rating model's validation RMSE/MAE at its best epoch, the
     * training time and {@code evaluation} (e.g. held-out metrics); the ranker's section already
     * holds its own validation NDCG@10.
     *
     * @param postedThrough how many rating-journal entries the training data included
     */
    public FactorModel save(
            VersionTrainer.Trained trained, String dataset, Map<String, Object> evaluation, long postedThrough) {
        TrainingResult result = trained.rating();
        Map<String, Object> metrics = new LinkedHashMap<>();
        result.epochs().stream()
                .filter(e -> e.model().equals(EpochReport.RATING) && e.epoch() == result.bestEpoch() && !e.refit())
                .findFirst()
                .filter(e -> Double.isFinite(e.validationRmse()))
                .ifPresent(e -> {
                    metrics.put("validationRmse", e.validationRmse());
                    metrics.put("validationMae", e.validationMae());
                });
        metrics.put("trainSeconds", result.trainSeconds());
        metrics.putAll(evaluation);
        FactorModel model = trained.model();
        return store.save(model.withManifest(
                model.manifest().withDataset(dataset).withEvaluation(metrics).withPostedThrough(postedThrough)));
    }

    /**
     * The ratings a version is trained on and the ones held out to judge it: about {@code share}
     * of each user's ratings, never the last training rating of a user or a movie, so that no
     * user loses personalisation and no movie its predictions to the hold-out. Every version the service trains (at startup and in
     * jobs) holds out the same seeded ratings, so any two of them are compared on ratings neither
     * was trained on.
     */
    public static Split holdout(Dataset ratings, double share, long seed) {
        return new SplitStrategy.Covering(share).apply(ratings, seed ^ HOLDOUT_SALT);
    }

    private static final long HOLDOUT_SALT = 0x5DEECE66DL;

    /** RMSE, MAE and NDCG@10 of {@code model} on {@code heldOut}, candidates being the movies unrated in {@code train}. */
    public static Map<String, Object> heldOutMetrics(FactorModel model, Dataset train, Dataset heldOut) {
        Evaluation accuracy = Evaluator.accuracy(model, heldOut);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("rmse", accuracy.rmse());
        metrics.put("mae", accuracy.mae());
        double ndcg = Evaluator.ranking(model, train, heldOut, RANKING_K).ndcg();
        if (Double.isFinite(ndcg)) {
            metrics.put("ndcgAtK", ndcg);
        }
        return metrics;
    }

    /** The manifest names of {@link #heldOutMetrics}: heldOutRmse, heldOutMae, heldOutNdcgAtK. */
    public static Map<String, Object> asManifestEvaluation(Map<String, Object> metrics, int heldOutRatings) {
        Map<String, Object> named = new LinkedHashMap<>();
        metrics.forEach((name, value) ->
                named.put("heldOut" + Character.toUpperCase(name.charAt(0)) + name.substring(1), value));
        named.put("heldOutRatings", heldOutRatings);
        return named;
    }

    static final int RANKING_K = 10;

    /** Names {@code version} in {@code ACTIVE}, atomically: the version a restart serves. */
    public void markActive(String version) {
        store.activate(version);
    }
}
