package io.mfrecommender.training;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.EventTable;
import io.mfrecommender.model.FactorModel;

/**
 * Trains a whole model version: the rating model, then the ranker on the same ratings, paired
 * into one {@link FactorModel} whose rows the two share. Nothing is saved or activated here.
 */
public final class VersionTrainer {

    /**
     * @param rating the rating model's training result
     * @param ranker the ranker's, or null when the recipe has none
     * @param model  the version: the rating model with the ranker attached
     */
    public record Trained(TrainingResult rating, RankerResult ranker, FactorModel model) {}

    public Trained train(Dataset ratings, ModelRecipe recipe, TrainingListener listener, Cancellation cancellation) {
        return train(ratings, EventTable.EMPTY, EventWeights.DEFAULTS, recipe, listener, cancellation);
    }

    /** The same, the ranker counting {@code events} beside the ratings (the rating model learns from ratings only). */
    public Trained train(
            Dataset ratings,
            EventTable events,
            EventWeights weights,
            ModelRecipe recipe,
            TrainingListener listener,
            Cancellation cancellation) {
        TrainingResult rating = Trainer.forAlgorithm(recipe.rating().algorithm())
                .train(ratings, recipe.rating(), listener, cancellation);
        if (recipe.ranker() == null) {
            return new Trained(rating, null, rating.model());
        }
        RankerResult ranker = new AlsTrainer().train(ratings, events, weights, recipe.ranker(), listener, cancellation);
        return new Trained(rating, ranker, rating.model().withRanker(ranker.factors()));
    }
}
