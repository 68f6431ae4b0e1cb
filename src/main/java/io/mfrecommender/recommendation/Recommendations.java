package io.mfrecommender.recommendation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mfrecommender.api.ModelVersioned;
import io.mfrecommender.api.Strategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A user's recommendation list.
 *
 * @param strategy {@code personalized} for a trained user, {@code folded-in} for one placed from ratings posted
 *                 since, {@code popular} for a user the version does not know
 * @param ranking  what ordered the list: {@code ranker} (the version's implicit-ALS ranker),
 *                 {@code predicted-rating} (the rating model: a version without a ranker, or
 *                 {@code sort=predicted-rating}), or {@code popularity} (the cold-start list)
 */
public record Recommendations(
        @Schema(example = "42") long user,

        @Schema(description = "personalized, folded-in or popular (see Strategy)")
        Strategy strategy,

        @Schema(allowableValues = {"ranker", "predicted-rating", "popularity"})
        String ranking,

        @Schema(example = "20261127-221530-123-sgd") String modelVersion,

        @Schema(
                description = "the experiment variant that served the user, absent outside an experiment",
                example = "B")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable
        String variant,

        List<Recommendation> items)
        implements ModelVersioned {

    public Recommendations(
            long user, Strategy strategy, String ranking, String modelVersion, List<Recommendation> items) {
        this(user, strategy, ranking, modelVersion, null, items);
    }

    /** This list, saying which experiment variant served it (null: none). */
    public Recommendations withVariant(String name) {
        return name == null ? this : new Recommendations(user, strategy, ranking, modelVersion, name, items);
    }
}
