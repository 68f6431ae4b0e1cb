package io.mfrecommender.recommendation;

import com.fasterxml.jackson.annotation.JsonInclude;
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

        @Schema(
                description = "the experiment variant that served the user, absent outside an experiment",
                example = "B")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        String variant,

        List<Recommendation> items)
        implements ModelVersioned {

    public Recommendations(
            long user, String strategy, String ranking, String modelVersion, List<Recommendation> items) {
        this(user, strategy, ranking, modelVersion, null, items);
    }

    /** This list, saying which experiment variant served it (null: none). */
    public Recommendations withVariant(String name) {
        return name == null ? this : new Recommendations(user, strategy, ranking, modelVersion, name, items);
    }
}
