package io.mfrecommender.model;

import java.util.Map;

/**
 * What a saved ranker was trained with, typed: the values fold-in must solve with to place a user
 * or a movie exactly as training would. Read from the manifest's {@code ranker.hyperparameters}
 * (where every training parameter is also kept by name, for people); a value the manifest does not
 * give is NaN, or null for {@code interactions}.
 *
 * @param unobservedWeight  α₀ of implicit ALS ({@code unobservedWeight})
 * @param regularization    λ ({@code regularization})
 * @param frequencyExponent ν of the frequency-scaled penalty ({@code frequencyExponent})
 * @param interactions      which ratings counted ({@code interactions}: all, liked, weighted)
 * @param ratingWeight      the confidence slope of {@code weighted} ({@code ratingWeight})
 * @param alpha             Spark MLlib's implicit confidence α ({@code alpha}), for a Spark-made ranker
 */
public record RankerSettings(
        double unobservedWeight,
        double regularization,
        double frequencyExponent,
        String interactions,
        double ratingWeight,
        double alpha) {

    /**
     * The settings of a manifest written by this service's {@code ials} trainer, versions before the
     * search and the confidence rule included: what it does not give takes the value those versions
     * used (α₀ 0.3, λ 0.02, ν 1, every rating counted once).
     */
    public RankerSettings withIalsDefaults() {
        return new RankerSettings(
                or(unobservedWeight, 0.3),
                or(regularization, 0.02),
                or(frequencyExponent, 1.0),
                interactions == null ? "all" : interactions,
                or(ratingWeight, 0),
                alpha);
    }

    /** The settings recorded under {@code hyperparameters}, by the names above. */
    static RankerSettings of(Map<String, Object> hyperparameters) {
        Object interactions = hyperparameters.get("interactions");
        return new RankerSettings(
                number(hyperparameters, "unobservedWeight"),
                number(hyperparameters, "regularization"),
                number(hyperparameters, "frequencyExponent"),
                interactions == null ? null : String.valueOf(interactions),
                number(hyperparameters, "ratingWeight"),
                number(hyperparameters, "alpha"));
    }

    private static double number(Map<String, Object> hyperparameters, String name) {
        return hyperparameters.get(name) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double or(double value, double fallback) {
        return Double.isNaN(value) ? fallback : value;
    }
}
