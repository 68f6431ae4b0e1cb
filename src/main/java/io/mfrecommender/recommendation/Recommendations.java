package io.mfrecommender.recommendation;

import io.mfrecommender.api.ModelVersioned;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A user's recommendation list.
 *
 * @param strategy {@code personalized} for a user the model knows, {@code popular} (damped mean
 *                 rating) for a user it does not
 */
public record Recommendations(@Schema(example = "42") long user,
                              @Schema(allowableValues = {"personalized", "popular"}) String strategy,
                              @Schema(example = "20261127-221530-123-sgd") String modelVersion,
                              List<Recommendation> items) implements ModelVersioned {
}
