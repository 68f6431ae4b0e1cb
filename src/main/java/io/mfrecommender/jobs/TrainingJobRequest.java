package io.mfrecommender.jobs;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.text.ClientText;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.EpochReport;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.RecipeBuilder;
import io.mfrecommender.training.StrictJson;
import io.mfrecommender.training.TrainingProperties;
import io.mfrecommender.versions.ActivationPolicy;
import io.mfrecommender.versions.HoldOut;
import io.mfrecommender.versions.TrainingPlan;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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
 * @param seed             seed of every random choice of both models
 * @param threads          training threads (default: recommender.jobs.threads)
 * @param activation       {@code always}, {@code if-better} (default) or {@code never}
 */
public record TrainingJobRequest(
        @Schema(example = "sgd") @Nullable String algorithm,

        @Schema(example = "{\"factors\": 64, \"epochs\": 100}") @Nullable
        Map<String, Object> parameters,

        @Schema(example = "true") @Nullable Boolean ranker,
        @Schema(example = "{\"factors\": 32}") @Nullable Map<String, Object> rankerParameters,
        @Schema(example = "0.1") @Nullable Double holdout,
        @Schema(example = "42") @Nullable Long seed,
        @Schema(example = "1") @Nullable Integer threads,
        @Schema(example = "if-better") @Nullable ActivationPolicy activation) {

    static final TrainingJobRequest EMPTY = new TrainingJobRequest(null, null, null, null, null, null, null, null);

    /**
     * Binds a JSON object strictly: an unknown field, a string for a number or a fraction for a
     * whole number is a 400 naming the field, where the service's lenient JSON reading would
     * silently drop or coerce it.
     */
    public static TrainingJobRequest from(Map<String, Object> body) {
        if (body == null) {
            return EMPTY;
        }
        try {
            return StrictJson.MAPPER.convertValue(body, TrainingJobRequest.class);
        } catch (DatabindException e) {
            String field = e.getPath().isEmpty()
                    ? "body"
                    : ClientText.of(e.getPath().get(0).getPropertyName());
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String detail = e instanceof UnrecognizedPropertyException
                    ? "unknown field " + ClientText.quote(field)
                            + "; the fields are algorithm, parameters, ranker, rankerParameters, "
                            + "holdout, seed, threads and activation"
                    : cause instanceof IllegalArgumentException && cause.getMessage() != null
                            ? cause.getMessage()
                            : "field '" + field + "' has a value of the wrong type";
            throw new InvalidParameterException(field, detail);
        }
    }

    /**
     * More threads than cores only make the job slower and the service sluggish (and a request that
     * asks for hundreds starves both): the training budget is a hard limit.
     */
    private static String threadsRefused(String field, int asked, int budget) {
        return field + " must be between 1 and " + budget + " (the training budget: the cores, or "
                + "recommender.jobs.max-threads), got " + asked;
    }

    /** A plan and what it echoes back to the client. */
    record Plan(TrainingPlan plan, TrainingJobView.Request echo) {}

    /**
     * The plan this request asks for, on top of the configured recipe. Every version is judged on
     * ratings held out with the configured seed, not the request's, so any two are comparable.
     *
     * @throws InvalidParameterException naming the field, {@code parameters.factors} for a parameter
     */
    Plan plan(TrainingProperties configured, JobsProperties jobs, double configuredHoldout) {
        long seedValue = seed != null ? seed : configured.seed();
        int threadCount = threads != null ? threads : jobs.threadsOrDefault();
        int budget = jobs.maxThreadsOrDefault();
        if (threadCount < 1 || threadCount > budget) {
            throw new InvalidParameterException("threads", threadsRefused("threads", threadCount, budget));
        }
        double share = holdout != null ? holdout : configuredHoldout;
        if (!(share > 0 && share < 0.5)) {
            throw new InvalidParameterException("holdout", "holdout must be a share in (0, 0.5), got " + share);
        }
        RecipeBuilder builder =
                RecipeBuilder.from(configured.toRecipe()).seed(seedValue).threads(threadCount);
        if (algorithm != null) {
            try {
                builder.algorithm(Algorithm.parse(algorithm));
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException("algorithm", e.getMessage());
            }
        }
        if (ranker != null) {
            builder.ranker(ranker);
        }
        if (!builder.hasRanker() && rankerParameters != null && !rankerParameters.isEmpty()) {
            throw new InvalidParameterException("rankerParameters", "rankerParameters are given but ranker is false");
        }
        builder.rating(parameters == null ? Map.of() : parameters)
                .ranker(rankerParameters == null ? Map.of() : rankerParameters);
        ModelRecipe recipe;
        try {
            recipe = builder.build();
        } catch (RecipeBuilder.InvalidRecipeException e) {
            String field = e.model().equals(EpochReport.RANKER) ? "rankerParameters" : "parameters";
            throw new InvalidParameterException(
                    field + "." + ClientText.of(e.refused().parameter()), ClientText.detail(e.getMessage()));
        }
        if (recipe.rating().threads() > budget) {
            throw new InvalidParameterException(
                    "parameters.threads",
                    threadsRefused("parameters.threads", recipe.rating().threads(), budget));
        }
        if (recipe.ranker() != null && recipe.ranker().threads() > budget) {
            throw new InvalidParameterException(
                    "rankerParameters.threads",
                    threadsRefused("rankerParameters.threads", recipe.ranker().threads(), budget));
        }
        ActivationPolicy policy = activation != null ? activation : ActivationPolicy.IF_BETTER;
        TrainingPlan plan =
                new TrainingPlan(recipe, HoldOut.service(share, configured.seed()), TrainingPlan.RANKING_K, policy);
        TrainingJobView.Request echo = new TrainingJobView.Request(
                recipe.rating().asMap(),
                recipe.ranker() == null ? null : recipe.ranker().asMap(),
                share,
                seedValue,
                threadCount,
                policy.id());
        return new Plan(plan, echo);
    }
}
