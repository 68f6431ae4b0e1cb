package io.mfrecommender.versions;

import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.TrainingProperties;

/**
 * Everything the {@link VersionPipeline} needs to make a version: what to train, what to hold out
 * and judge it on, and what to do with it once saved. Startup builds it from configuration
 * ({@link #configured}), a training job from its body on top of that, the command line from its
 * options; each builds the recipe with {@link io.mfrecommender.training.RecipeBuilder}.
 *
 * @param recipe     the rating model's parameters and the ranker's (or none)
 * @param holdOut    the ratings held out from training to judge the version on
 * @param rankingK   list length of the ranking figures measured on them (NDCG@10 by default);
 *                   0 measures rating accuracy only
 * @param activation what happens once it is saved
 */
public record TrainingPlan(ModelRecipe recipe, HoldOut holdOut, int rankingK, ActivationPolicy activation) {

    /** The ranking cutoff of every version the service judges: NDCG@10, as the quality gauges report. */
    public static final int RANKING_K = 10;

    public TrainingPlan {
        if (recipe == null || holdOut == null || activation == null) {
            throw new IllegalArgumentException("a training plan needs a recipe, a hold-out and an activation policy");
        }
        if (rankingK < 0) {
            throw new IllegalArgumentException("rankingK must be 0 or more, got " + rankingK);
        }
    }

    /**
     * What the service trains when it has no version (startup): the configured recipe, the
     * configured share held out with the configured seed, NDCG@10, served once saved.
     *
     * @param holdout {@code recommender.models.holdout}, so the first version and later ones are
     *                judged on the same ratings
     */
    public static TrainingPlan configured(TrainingProperties training, double holdout) {
        return new TrainingPlan(
                training.toRecipe(), HoldOut.service(holdout, training.seed()), RANKING_K, ActivationPolicy.ALWAYS);
    }
}
