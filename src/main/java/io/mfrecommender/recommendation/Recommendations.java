package io.mfrecommender.recommendation;

import io.mfrecommender.api.ModelVersioned;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A user's recommendation list.
 *
 * @param strategy {@code personalized} for a user the model knows, {@code popular} for a user it does not
 * @param ranking  what ordered the list: {@code ranker} (the version's implicit-ALS ranker),
 *                 {@code predicted-rating} (the rating model: a version without a ranker, or
 *                 {@code sort=predicted-rating}), or {@code popularity} (the cold-start list)
 */
public record Recommendations(
        @Schema(example = "42") long user,

        @Schema(allowableValues = {"personalized", "popular"})
        String strategy,

        @Schema(allowableValues = {"ranker", "predicted-rating", "popularity"})
        String ranking,

        @Schema(example = "20261127-221530-123-sgd") String modelVersion,
        List<Recommendation> items)
        implements ModelVersioned {}
