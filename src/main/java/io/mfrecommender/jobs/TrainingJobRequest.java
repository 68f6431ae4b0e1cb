package io.mfrecommender.jobs;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.training.StrictJson;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The body of {@code POST /training-jobs}. Every field is optional: what is missing takes the
 * service's configured defaults ({@code recommender.training.*}). Unknown fields, here or among
 * the parameters, are refused with the field named.
 *
 * @param algorithm        {@code sgd} or {@code adam}
 * @param parameters       the rating model's parameters by name (see GET /v3/api-docs: factors, epochs,
 *                         learningRate, regularization, ...), each bounded as on the command line
 * @param ranker           train the implicit-ALS ranker (default: as configured, normally true)
 * @param rankerParameters the ranker's parameters by name (factors, epochs, regularization,
 *                         unobservedWeights, interactions, ratingWeight, ...)
 * @param holdout          share of the ratings held out from training to judge the version, in (0, 0.5)
 * @param seed             seed of every random choice, for both models and the hold-out
 * @param threads          training threads (default: recommender.jobs.threads)
 * @param activation       {@code always}, {@code if-better} (default) or {@code never}
 */
public record TrainingJobRequest(
        @Schema(example = "sgd") String algorithm,

        @Schema(example = "{\"factors\": 64, \"epochs\": 100}")
        Map<String, Object> parameters,

        @Schema(example = "true") Boolean ranker,
        @Schema(example = "{\"factors\": 32}") Map<String, Object> rankerParameters,
        @Schema(example = "0.1") Double holdout,
        @Schema(example = "42") Long seed,
        @Schema(example = "1") Integer threads,
        @Schema(example = "if-better") Activation activation) {

    /**
     * Binds a JSON object strictly: an unknown field, a string for a number or a fraction for a
     * whole number is a 400 naming the field, where the service's lenient JSON reading would
     * silently drop or coerce it.
     */
    public static TrainingJobRequest from(Map<String, Object> body) {
        if (body == null) {
            return new TrainingJobRequest(null, null, null, null, null, null, null, null);
        }
        try {
            return StrictJson.MAPPER.convertValue(body, TrainingJobRequest.class);
        } catch (DatabindException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(0).getPropertyName();
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String detail = e instanceof UnrecognizedPropertyException
                    ? "unknown field '" + field + "'; the fields are algorithm, parameters, ranker, rankerParameters, "
                            + "holdout, seed, threads and activation"
                    : cause instanceof IllegalArgumentException && cause.getMessage() != null
                            ? cause.getMessage()
                            : "field '" + field + "' has a value of the wrong type";
            throw new InvalidParameterException(field, detail);
        }
    }
}
