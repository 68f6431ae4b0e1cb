package io.mfrecommender.training;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code recommender.training.*}: how the service trains when it has to (at startup with no
 * saved model). Unset values take the algorithm's defaults ({@link TrainingParameters#defaults}).
 *
 * @param algorithm {@code sgd} (default) or {@code adam} (the seed notebook's recipe)
 * @param factors   k; unset: 128 for sgd, 20 for adam
 * @param epochs    maximum epochs; unset: 300 for sgd (early stopping ends sooner), 10 for adam
 * @param seed      random seed
 * @param threads   SGD worker threads; unset: the number of cores
 * @param implicitRate SGD's implicit-feedback step; unset: 2.0; 0 trains plain biased MF
 * @param ranker    the ranker trained beside the rating model ({@code recommender.training.ranker.*})
 */
@ConfigurationProperties("recommender.training")
@Validated
public record TrainingProperties(
        @DefaultValue("sgd") @NotNull Algorithm algorithm,
        @Min(1) @Max(TrainingParameters.MAX_FACTORS) Integer factors,
        @Min(1) @Max(TrainingParameters.MAX_EPOCHS) Integer epochs,
        @DefaultValue("42") long seed,
        @Min(1) @Max(TrainingParameters.MAX_THREADS) Integer threads,
        @DecimalMin("0") @DecimalMax("100") Double implicitRate,
        @DefaultValue @Valid Ranker ranker) {

    /**
     * {@code recommender.training.ranker.*}: the implicit-ALS ranker that orders recommendations.
     * Unset values take {@link AlsParameters#defaults}; seed and threads are the rating model's.
     *
     * @param enabled          false trains the rating model alone, ranking by predicted rating
     * @param factors          k of the ranker; unset: 64
     * @param epochs           maximum epochs; unset: 16
     * @param regularization   candidates for λ, searched with α₀; unset: 0.005, 0.02, 0.08
     * @param unobservedWeights candidates for α₀, the best pair with λ chosen by validation NDCG@10; unset: 0.1,
     *                         0.3, 1, 3, 10
     * @param interactions     weighted (default), all or liked
     * @param ratingWeight     for weighted: confidence 1 + ratingWeight · (r − min)/(max − min); unset: 3
     */
    public record Ranker(
            @DefaultValue("true") boolean enabled,
            @Min(1) @Max(TrainingParameters.MAX_FACTORS) Integer factors,
            @Min(1) @Max(TrainingParameters.MAX_EPOCHS) Integer epochs,
            List<Double> regularization,
            List<Double> unobservedWeights,
            AlsParameters.Interactions interactions,
            @DecimalMin("0") Double ratingWeight) {}

    /**
     * What the service trains: the rating model and, unless disabled, the ranker. A value the
     * parameters refuse is reported under its configuration key.
     */
    public ModelRecipe toRecipe() {
        RecipeBuilder builder = RecipeBuilder.defaults(algorithm).seed(seed);
        if (threads != null) {
            builder.threads(threads);
        }
        Map<String, Object> rating = new LinkedHashMap<>();
        putIfSet(rating, "factors", factors);
        putIfSet(rating, "epochs", epochs);
        if (algorithm == Algorithm.SGD) {
            putIfSet(rating, "implicitRate", implicitRate);
        }
        builder.rating(rating).ranker(ranker == null || ranker.enabled());
        if (ranker != null) {
            Map<String, Object> changes = new LinkedHashMap<>();
            putIfSet(changes, "factors", ranker.factors());
            putIfSet(changes, "epochs", ranker.epochs());
            putIfSet(changes, "regularization", ranker.regularization());
            putIfSet(changes, "unobservedWeights", ranker.unobservedWeights());
            putIfSet(changes, "interactions", ranker.interactions());
            putIfSet(changes, "ratingWeight", ranker.ratingWeight());
            builder.ranker(changes);
        }
        try {
            return builder.build();
        } catch (RecipeBuilder.InvalidRecipeException e) {
            String section =
                    e.model().equals(EpochReport.RANKER) ? "recommender.training.ranker." : "recommender.training.";
            throw new IllegalArgumentException(
                    e.refused().describedAs(section + kebab(e.refused().parameter())), e);
        }
    }

    private static String kebab(String parameter) {
        return parameter.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private static void putIfSet(Map<String, Object> overrides, String name, Object value) {
        if (value != null) {
            overrides.put(name, value);
        }
    }

    /** The rating model's parameters of {@link #toRecipe}. */
    public TrainingParameters toParameters() {
        return toRecipe().rating();
    }
}
