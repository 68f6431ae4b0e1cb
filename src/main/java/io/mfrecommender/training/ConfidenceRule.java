package io.mfrecommender.training;

import io.mfrecommender.data.RatingScale;
import io.mfrecommender.model.RankerSettings;

/**
 * Which ratings the ranker counts as interactions, and how much each counts: the one definition
 * that training ({@link AlsTrainer}) and fold-in ({@link FoldIn}) both apply, so a user placed in a
 * version from posted ratings is weighed exactly as the version's own users were.
 *
 * @param interactions which ratings count ({@link AlsParameters.Interactions})
 * @param ratingWeight for {@code weighted}: confidence {@code 1 + ratingWeight · (r − min)/(max − min)}
 * @param scale        the rating scale of the data
 */
public record ConfidenceRule(AlsParameters.Interactions interactions, double ratingWeight, RatingScale scale) {

    public static ConfidenceRule of(AlsParameters parameters, RatingScale scale) {
        return new ConfidenceRule(parameters.interactions(), parameters.ratingWeight(), scale);
    }

    /**
     * The rule a saved ranker was trained with, from its manifest's settings
     * ({@link RankerSettings#withIalsDefaults}: a manifest that names none, written before the rule
     * was recorded, counted every rating once).
     */
    public static ConfidenceRule of(RankerSettings settings, RatingScale scale) {
        return new ConfidenceRule(
                AlsParameters.Interactions.parse(settings.interactions()), settings.ratingWeight(), scale);
    }

    /**
     * Whether a rating is an interaction: every one, or for {@code liked} those at or above 4 of 5
     * stars (scaled), or none for {@code events} (the events alone count).
     */
    public boolean counts(float rating) {
        return switch (interactions) {
            case ALL, WEIGHTED -> true;
            case LIKED -> scale.isLiked(rating);
            case EVENTS -> false;
        };
    }

    /** The confidence {@code c} of a counted rating. */
    public float confidence(float rating) {
        if (interactions != AlsParameters.Interactions.WEIGHTED) {
            return 1f;
        }
        double range = Math.max(1e-9, scale.max() - scale.min());
        return (float) (1 + ratingWeight * (rating - scale.min()) / range);
    }
}
