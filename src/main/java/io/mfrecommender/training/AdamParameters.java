package io.mfrecommender.training;

import static io.mfrecommender.training.ParameterBinding.requireNonNegative;
import static io.mfrecommender.training.ParameterBinding.requirePositive;
import static io.mfrecommender.training.ParameterBinding.requireRange;

import java.util.Map;

/**
 * The knobs of {@code adam}, the seed notebook's recipe ({@link AdamTrainer}). Sequential: the
 * recipe's results depend on the update order.
 *
 * @param factors            k
 * @param epochs             passes over the ratings
 * @param learningRate       SparseAdam's lr
 * @param initStd            standard deviation of the Gaussian the factors start from (1, as {@code nn.Embedding})
 * @param batchSize          ratings per mini-batch
 * @param validationFraction share of the ratings held back for per-epoch validation metrics (0: none)
 * @param seed               seed of the initialisation and the shuffles
 */
public record AdamParameters(
        int factors,
        int epochs,
        double learningRate,
        double initStd,
        int batchSize,
        double validationFraction,
        long seed)
        implements TrainingParameters {

    public static final int MAX_BATCH = 1 << 20;

    public AdamParameters {
        requireRange("factors", factors, 1, MAX_FACTORS);
        requireRange("epochs", epochs, 1, MAX_EPOCHS);
        requireRange("batchSize", batchSize, 1, MAX_BATCH);
        requirePositive("learningRate", learningRate, 10);
        requireNonNegative("initStd", initStd);
        ParameterBinding.requireValidationFraction(validationFraction);
    }

    /** The notebook: k = 20, 10 epochs, lr 0.01, batches of 64, N(0, 1) initialisation. */
    public static AdamParameters defaults() {
        return new AdamParameters(20, 10, 0.01, 1.0, 64, 0.0, 42);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.ADAM;
    }

    @Override
    public AdamParameters with(Map<String, ?> overrides) {
        return ParameterBinding.override(this, overrides, "adam");
    }

    @Override
    public void checkFits(int users, int items) {
        // The parameters and Adam's two moments.
        ParameterBinding.requireHeap(((long) users + items) * factors * Float.BYTES * 4, users, items, factors);
    }
}
