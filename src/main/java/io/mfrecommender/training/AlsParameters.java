package io.mfrecommender.training;

import static io.mfrecommender.training.ParameterBinding.requireNonNegative;
import static io.mfrecommender.training.ParameterBinding.requireRange;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.mfrecommender.text.ClientText;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The knobs of the ranker, implicit ALS ({@link AlsTrainer}).
 *
 * @param factors            k of the ranking factors (independent of the rating model's)
 * @param epochs             maximum epochs, each a user half and an item half; the best by
 *                           validation NDCG@10 is kept
 * @param regularization     candidates for λ, scaled per row by {@code (n_row + α₀ · n_other)^ν}
 * @param unobservedWeights  candidates for α₀, the weight that pushes every (user, item) pair towards
 *                           0. The two interact (a row's penalty grows with λ·α₀), and their best
 *                           values depend on the data's size and sparsity, so every pair is searched
 *                           jointly on the validation split ({@link AlsTrainer}) and the best kept
 * @param frequencyExponent  ν of the frequency-scaled regularisation (0: plain λ)
 * @param interactions       which ratings count as "chosen", see {@link Interactions}
 * @param ratingWeight       for {@code weighted}: confidence {@code 1 + ratingWeight · (r − min)/(max − min)}
 * @param validationFraction share of the interactions held back to pick the epoch by NDCG@10 (0: none, keep the last)
 * @param patience           a selection pass stops after this many epochs without a better validation NDCG@10
 * @param refit              after picking the epoch, train again on all interactions for that many epochs
 * @param seed               seed of the initialisation and the validation slice
 * @param threads            worker threads; the result does not depend on them
 */
public record AlsParameters(
        int factors,
        int epochs,
        List<Double> regularization,
        List<Double> unobservedWeights,
        double frequencyExponent,
        Interactions interactions,
        double ratingWeight,
        double validationFraction,
        int patience,
        boolean refit,
        long seed,
        int threads) {

    public AlsParameters {
        requireRange("factors", factors, 1, TrainingParameters.MAX_FACTORS);
        requireRange("epochs", epochs, 1, TrainingParameters.MAX_EPOCHS);
        requireRange("threads", threads, 1, TrainingParameters.MAX_THREADS);
        requireRange("patience", patience, 1, TrainingParameters.MAX_EPOCHS);
        regularization = candidates("regularization", regularization, 0, 10);
        unobservedWeights = candidates("unobservedWeights", unobservedWeights, Double.MIN_VALUE, 1e3);
        if (!(frequencyExponent >= 0 && frequencyExponent <= 2)) {
            throw new ParameterException("frequencyExponent", "must be in [0, 2], got " + frequencyExponent);
        }
        if (interactions == null) {
            throw new ParameterException("interactions", "is required: all, liked, weighted or events");
        }
        requireNonNegative("ratingWeight", ratingWeight);
        ParameterBinding.requireValidationFraction(validationFraction);
        if ((unobservedWeights.size() > 1 || regularization.size() > 1) && validationFraction == 0) {
            throw new ParameterException(
                    unobservedWeights.size() > 1 ? "unobservedWeights" : "regularization",
                    "can list several candidates only with a validationFraction above 0 to choose among them, got "
                            + (unobservedWeights.size() > 1 ? unobservedWeights : regularization));
        }
        if (unobservedWeights.size() * regularization.size() > MAX_SETTINGS) {
            throw new ParameterException(
                    "unobservedWeights",
                    "times regularization candidates must be at most " + MAX_SETTINGS + " settings to search, got "
                            + unobservedWeights.size() + " × " + regularization.size());
        }
    }

    /** A list of 1 to {@value #MAX_CANDIDATES} numbers in ({@code min}, {@code max}]. */
    private static List<Double> candidates(String name, List<Double> values, double min, double max) {
        if (values == null || values.isEmpty() || values.size() > MAX_CANDIDATES) {
            throw new ParameterException(name, "must list 1 to " + MAX_CANDIDATES + " values, got " + values);
        }
        for (Double value : values) {
            if (value == null || !(value >= min && value <= max)) {
                throw new ParameterException(
                        name,
                        "must be numbers in " + (min > 0 ? "(0" : "[0") + ", "
                                + BigDecimal.valueOf(max).stripTrailingZeros().toPlainString() + "], got "
                                + values);
            }
        }
        return List.copyOf(values);
    }

    /** Most candidates of one parameter. */
    public static final int MAX_CANDIDATES = 8;
    /** Most (α₀, λ) settings searched: each costs a few probe epochs. */
    public static final int MAX_SETTINGS = 30;

    /** Chosen by measurement ({@code docs/math.md}). */
    public static AlsParameters defaults() {
        int cores = Math.max(
                1, Math.min(TrainingParameters.MAX_THREADS, Runtime.getRuntime().availableProcessors()));
        return new AlsParameters(
                64,
                12,
                List.of(0.005, 0.02, 0.08),
                List.of(0.1, 0.3, 1.0, 3.0, 10.0),
                1.0,
                Interactions.WEIGHTED,
                3.0,
                0.1,
                3,
                true,
                42,
                cores);
    }

    public AlsParameters with(Map<String, ?> overrides) {
        return ParameterBinding.override(this, overrides, "the ranker");
    }

    public Map<String, Object> asMap() {
        return ParameterBinding.asMap(AlsTrainer.ALGORITHM, this);
    }

    /** Fails before allocation when the factors would not fit in the heap. */
    void checkFits(int users, int items) {
        // Factors, the best epoch's copy, and the interactions indexed both ways.
        ParameterBinding.requireHeap(((long) users + items) * factors * Float.BYTES * 2, users, items, factors);
    }

    /** Which ratings are interactions, and how much each counts. */
    public enum Interactions {
        /** Every rating is a choice with confidence 1, whatever its value. */
        ALL,
        /** Only ratings at or above the scale's equivalent of 4 of 5 stars. */
        LIKED,
        /** Every rating, with confidence growing linearly with its value ({@code ratingWeight}). */
        WEIGHTED,
        /**
         * No rating counts: the ratings only name the (user, movie) pairs, and the users' events
         * ({@link EventWeights}) are all the ranker learns from (implicit-only data).
         */
        EVENTS;

        @JsonCreator
        public static Interactions parse(String text) {
            for (Interactions value : values()) {
                if (value.name().equalsIgnoreCase(text.strip())) {
                    return value;
                }
            }
            throw new ParameterException(
                    "interactions", "must be all, liked, weighted or events, got " + ClientText.quote(text));
        }

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
