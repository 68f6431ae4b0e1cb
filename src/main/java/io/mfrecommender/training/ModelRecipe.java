package io.mfrecommender.training;

import java.util.Optional;

/**
 * How to train one model version: the rating model's parameters and, unless it is left out, the
 * ranker's.
 *
 * @param rating the rating model ({@code /predict}, {@code predictedRating})
 * @param ranker the ranker that orders recommendations, or null to rank by predicted rating
 */
public record ModelRecipe(TrainingParameters rating, AlsParameters ranker) {

    public ModelRecipe {
        if (rating == null) {
            throw new IllegalArgumentException("the rating model's parameters are required");
        }
    }

    public Optional<AlsParameters> rankerParameters() {
        return Optional.ofNullable(ranker);
    }
}
