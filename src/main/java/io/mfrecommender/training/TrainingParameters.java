package io.mfrecommender.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every knob of a training run. Construction rejects nonsense (non-positive sizes, non-finite or
 * negative rates) with a message naming the parameter, before anything is allocated.
 *
 * @param algorithm          {@code sgd} or {@code adam}
 * @param factors            k, the length of each user and item vector (1..{@value #MAX_FACTORS})
 * @param epochs             maximum passes over the training ratings (1..{@value #MAX_EPOCHS})
 * @param learningRate       step size: SGD's initial learning rate, Adam's lr
 * @param regularization     L2 weight on the factor vectors (SGD; the seed recipe uses none)
 * @param biasRegularization L2 weight on the biases (SGD)
 * @param implicitRate       SGD with implicit feedback (SVD++): step size of the item vectors
 *                           {@code y_j}, relative to {@code η}; 0 trains plain biased MF
 * @param implicitRegularization L2 weight on each user's implicit vector {@code z_u} (SGD)
 * @param learningRateDecay  SGD's learning rate is multiplied by this after every epoch (0 < decay ≤ 1)
 * @param initStd            standard deviation of the Gaussian the factors start from
 * @param batchSize          Adam's mini-batch size (SGD updates per rating)
 * @param validationFraction share of the training ratings held back to watch for early stopping
 *                           (0 disables it and trains on everything for {@code epochs})
 * @param patience           SGD stops after this many epochs without a better validation RMSE
 * @param refit              after early stopping found the best epoch count, train again from the
 *                           start on all training ratings for that many epochs (SGD)
 * @param seed               seed of every random choice: same seed, data and threads, same model
 * @param threads            worker threads (SGD; Adam is sequential as in the notebook)
 */
public record TrainingParameters(Algorithm algorithm, int factors, int epochs, double learningRate,
                                 double regularization, double biasRegularization, double implicitRate,
                                 double implicitRegularization, double learningRateDecay,
                                 double initStd, int batchSize, double validationFraction, int patience,
                                 boolean refit, long seed, int threads) {

    public static final int MAX_FACTORS = 1024;
    public static final int MAX_EPOCHS = 1000;
    public static final int MAX_THREADS = 256;
    public static final int MAX_BATCH = 1 << 20;
    public static final double MAX_IMPLICIT_RATE = 100;
    /** Factor matrices (and Adam's two moment copies) may take at most this share of the maximum heap. */
    static final double HEAP_SHARE = 0.5;

    public TrainingParameters {
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm is required: sgd or adam");
        }
        requireRange("factors", factors, 1, MAX_FACTORS);
        requireRange("epochs", epochs, 1, MAX_EPOCHS);
        requireRange("batchSize", batchSize, 1, MAX_BATCH);
        requireRange("threads", threads, 1, MAX_THREADS);
        requireRange("patience", patience, 1, MAX_EPOCHS);
        requirePositive("learningRate", learningRate, 10);
        requireNonNegative("regularization", regularization);
        requireNonNegative("biasRegularization", biasRegularization);
        requireNonNegative("implicitRegularization", implicitRegularization);
        if (!(implicitRate >= 0 && implicitRate <= MAX_IMPLICIT_RATE)) {
            throw new IllegalArgumentException("implicitRate must be a number in [0, 100], got " + implicitRate);
        }
        requireNonNegative("initStd", initStd);
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learningRateDecay must be in (0, 1], got " + learningRateDecay);
        }
        if (!(validationFraction >= 0 && validationFraction < 0.5)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 0.5), got " + validationFraction);
        }
    }

    /**
     * The defaults of each algorithm. SGD's were chosen by measurement on MovieLens 100K and 1M
     * (README, "How the math works"); Adam's are the seed notebook's recipe.
     */
    public static TrainingParameters defaults(Algorithm algorithm) {
        int cores = Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
        return switch (algorithm) {
            case SGD -> new TrainingParameters(Algorithm.SGD, 128, 300, 0.01, 0.05, 0.01, 2.0, 0.01, 0.99, 0.005, 1, 0.05,
                    8, true, 42, cores);
            case ADAM -> new TrainingParameters(Algorithm.ADAM, 20, 10, 0.01, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 64, 0.0, 1,
                    false, 42, 1);
        };
    }

    /** Fails before allocation when the model would not fit in the heap. */
    void checkFits(int users, int items) {
        long copies = algorithm == Algorithm.ADAM ? 4 : 3; // parameters + Adam's moments, or SGD's best-epoch copy
        long bytes = ((long) users + items) * factors * Float.BYTES * copies;
        if (algorithm == Algorithm.SGD && implicitRate > 0) {
            bytes += ImplicitFeedback.extraBytes(users, items, factors);
        }
        long budget = (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE);
        if (bytes > budget) {
            throw new IllegalArgumentException(String.format(
                    "%d users and %d items at k=%d need about %d MB for training, more than the %d MB allowed "
                            + "(half the maximum heap); lower factors or raise -Xmx",
                    users, items, factors, bytes >> 20, budget >> 20));
        }
    }

    /** Every parameter by name, for manifests and job views. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("algorithm", algorithm.id());
        map.put("factors", factors);
        map.put("epochs", epochs);
        map.put("learningRate", learningRate);
        map.put("regularization", regularization);
        map.put("biasRegularization", biasRegularization);
        map.put("implicitRate", implicitRate);
        map.put("implicitRegularization", implicitRegularization);
        map.put("learningRateDecay", learningRateDecay);
        map.put("initStd", initStd);
        map.put("batchSize", batchSize);
        map.put("validationFraction", validationFraction);
        map.put("patience", patience);
        map.put("refit", refit);
        map.put("seed", seed);
        map.put("threads", threads);
        return map;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some parameters of an existing set; {@link #build()} validates the result. */
    public static final class Builder {
        private Algorithm algorithm;
        private int factors;
        private int epochs;
        private double learningRate;
        private double regularization;
        private double biasRegularization;
        private double implicitRate;
        private double implicitRegularization;
        private double learningRateDecay;
        private double initStd;
        private int batchSize;
        private double validationFraction;
        private int patience;
        private boolean refit;
        private long seed;
        private int threads;

        private Builder(TrainingParameters p) {
            algorithm = p.algorithm;
            factors = p.factors;
            epochs = p.epochs;
            learningRate = p.learningRate;
            regularization = p.regularization;
            biasRegularization = p.biasRegularization;
            implicitRate = p.implicitRate;
            implicitRegularization = p.implicitRegularization;
            learningRateDecay = p.learningRateDecay;
            initStd = p.initStd;
            batchSize = p.batchSize;
            validationFraction = p.validationFraction;
            patience = p.patience;
            refit = p.refit;
            seed = p.seed;
            threads = p.threads;
        }

        public Builder factors(int value) { factors = value; return this; }
        public Builder epochs(int value) { epochs = value; return this; }
        public Builder learningRate(double value) { learningRate = value; return this; }
        public Builder regularization(double value) { regularization = value; return this; }
        public Builder biasRegularization(double value) { biasRegularization = value; return this; }
        public Builder implicitRate(double value) { implicitRate = value; return this; }
        public Builder implicitRegularization(double value) { implicitRegularization = value; return this; }
        public Builder learningRateDecay(double value) { learningRateDecay = value; return this; }
        public Builder initStd(double value) { initStd = value; return this; }
        public Builder batchSize(int value) { batchSize = value; return this; }
        public Builder validationFraction(double value) { validationFraction = value; return this; }
        public Builder patience(int value) { patience = value; return this; }
        public Builder refit(boolean value) { refit = value; return this; }
        public Builder seed(long value) { seed = value; return this; }
        public Builder threads(int value) { threads = value; return this; }

        public TrainingParameters build() {
            return new TrainingParameters(algorithm, factors, epochs, learningRate, regularization, biasRegularization,
                    implicitRate, implicitRegularization, learningRateDecay, initStd, batchSize, validationFraction,
                    patience, refit, seed, threads);
        }
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void requirePositive(String name, double value, double max) {
        if (!(value > 0 && value <= max)) {
            throw new IllegalArgumentException(name + " must be a number in (0, "
                    + java.math.BigDecimal.valueOf(max).stripTrailingZeros().toPlainString() + "], got " + value);
        }
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }
}
