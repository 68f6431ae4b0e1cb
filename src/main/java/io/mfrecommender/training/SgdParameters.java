package io.mfrecommender.training;

import static io.mfrecommender.training.ParameterBinding.requireNonNegative;
import static io.mfrecommender.training.ParameterBinding.requirePositive;
import static io.mfrecommender.training.ParameterBinding.requireRange;

import java.util.Map;

/**
 * The knobs of {@code sgd}, biased MF with implicit feedback by parallel SGD ({@link SgdTrainer}).
 *
 * @param factors                k (1..{@value TrainingParameters#MAX_FACTORS})
 * @param epochs                 maximum passes over the ratings; early stopping usually ends sooner
 * @param learningRate           initial step size η
 * @param regularization         L2 weight λ on the factor vectors
 * @param biasRegularization     L2 weight λ_b on the biases
 * @param implicitRate           step of the implicit item vectors {@code y_j} relative to η
 *                               (SVD++, see {@link ImplicitFeedback}); 0 trains plain biased MF
 * @param implicitRegularization L2 weight λ_z on each user's implicit vector {@code z_u}
 * @param learningRateDecay      η is multiplied by this after every epoch (0 < decay ≤ 1)
 * @param initStd                standard deviation of the Gaussian the factors start from
 * @param validationFraction     share of the ratings held back to find the best epoch (0: none)
 * @param patience               stop after this many epochs without a better validation RMSE
 * @param refit                  then train again from the start on all ratings for the best epoch count
 * @param seed                   seed of every random choice: same seed, data and threads, same model
 * @param threads                worker threads
 */
public record SgdParameters(
        int factors,
        int epochs,
        double learningRate,
        double regularization,
        double biasRegularization,
        double implicitRate,
        double implicitRegularization,
        double learningRateDecay,
        double initStd,
        double validationFraction,
        int patience,
        boolean refit,
        long seed,
        int threads)
        implements TrainingParameters {

    public static final double MAX_IMPLICIT_RATE = 100;

    public SgdParameters {
        requireRange("factors", factors, 1, MAX_FACTORS);
        requireRange("epochs", epochs, 1, MAX_EPOCHS);
        requireRange("threads", threads, 1, MAX_THREADS);
        requireRange("patience", patience, 1, MAX_EPOCHS);
        requirePositive("learningRate", learningRate, 10);
        requireNonNegative("regularization", regularization);
        requireNonNegative("biasRegularization", biasRegularization);
        requireNonNegative("implicitRegularization", implicitRegularization);
        if (!(implicitRate >= 0 && implicitRate <= MAX_IMPLICIT_RATE)) {
            throw new ParameterException("implicitRate", "must be a number in [0, 100], got " + implicitRate);
        }
        requireNonNegative("initStd", initStd);
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new ParameterException("learningRateDecay", "must be in (0, 1], got " + learningRateDecay);
        }
        ParameterBinding.requireValidationFraction(validationFraction);
    }

    /** Chosen by measurement on MovieLens 100K ({@code docs/math.md}). */
    public static SgdParameters defaults() {
        int cores = Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
        return new SgdParameters(128, 300, 0.01, 0.05, 0.01, 2.0, 0.01, 0.99, 0.005, 0.05, 8, true, 42, cores);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.SGD;
    }

    @Override
    public SgdParameters with(Map<String, ?> overrides) {
        return ParameterBinding.override(this, overrides, "sgd");
    }

    @Override
    public void checkFits(int users, int items) {
        // The parameters, the best epoch's copy and the refit's fresh start.
        long bytes = ((long) users + items) * factors * Float.BYTES * 3;
        if (implicitRate > 0) {
            bytes += ImplicitFeedback.extraBytes(users, items, factors);
        }
        ParameterBinding.requireHeap(bytes, users, items, factors);
    }
}
