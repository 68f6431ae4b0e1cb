package io.mfrecommender.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mfrecommender.api.ModelVersioned;
import io.mfrecommender.api.Strategy;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A predicted rating.
 *
 * @param predictedRating {@code score} clipped to the rating scale
 * @param score           the model's raw output {@code μ + b_u + b_i + p_u·q_i}
 * @param baseline        {@code μ + b_u + b_i}, what the biases alone predict
 * @param strategy        {@code personalized}, {@code folded-in}, or {@code item-baseline} for a user the model
 *                        does not know
 * @param available       false for a movie retired or outside its availability window (still predicted)
 */
public record Prediction(
        @Schema(example = "42") long user,
        @Schema(example = "1") long movie,
        @Schema(example = "4.21") double predictedRating,
        @Schema(example = "4.21") double score,
        @Schema(example = "3.87") double baseline,

        @Schema(description = "personalized, folded-in or item-baseline (see Strategy)")
        Strategy strategy,

        @Schema(
                description = "Whether lists may show the movie now: false for a retired movie or one outside its "
                        + "availability window, which is still predicted")
        boolean available,

        String modelVersion,

        @Schema(
                description = "the experiment variant that served the user (GET /predict only), absent outside an "
                        + "experiment",
                example = "B")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable
        String variant)
        implements ModelVersioned {}
