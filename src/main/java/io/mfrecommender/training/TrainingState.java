package io.mfrecommender.training;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Split;
import io.mfrecommender.data.SplitStrategy;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelManifest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The mutable parameters of a model under training, in flat primitive arrays: factor row
 * {@code u} of P is {@code userFactors[u*stride .. u*stride+k)}. A stride above k pads each row
 * with zeros (which every update keeps at zero) so vector kernels work on whole lanes. Turned
 * into an immutable {@link FactorModel} once training ends.
 */
final class TrainingState {

    final int factors;
    final int stride;
    final float globalMean;
    final float[] userBias;
    final float[] itemBias;
    final float[] userFactors;
    final float[] itemFactors;

    TrainingState(int users, int items, int factors, float globalMean, double initStd, SplittableRandom random) {
        this(users, items, factors, factors, globalMean, initStd, random);
    }

    /** Factors drawn row by row from N(0, initStd²): the same values whatever the stride. */
    TrainingState(
            int users, int items, int factors, int stride, float globalMean, double initStd, SplittableRandom random) {
        if (stride < factors) {
            throw new IllegalArgumentException("stride " + stride + " is below the factor count " + factors);
        }
        this.factors = factors;
        this.stride = stride;
        this.globalMean = globalMean;
        this.userBias = new float[users];
        this.itemBias = new float[items];
        this.userFactors = gaussian(users, factors, stride, initStd, random);
        this.itemFactors = gaussian(items, factors, stride, initStd, random);
    }

    private TrainingState(TrainingState other) {
        this.factors = other.factors;
        this.stride = other.stride;
        this.globalMean = other.globalMean;
        this.userBias = other.userBias.clone();
        this.itemBias = other.itemBias.clone();
        this.userFactors = other.userFactors.clone();
        this.itemFactors = other.itemFactors.clone();
    }

    /**
     * A copy whose row {@code position[x]} holds this state's row {@code x} (for users and items),
     * or with {@code inverse} the reverse mapping.
     */
    TrainingState rearranged(int[] userPosition, int[] itemPosition, boolean inverse) {
        TrainingState out = copy();
        for (int x = 0; x < userPosition.length; x++) {
            int from = inverse ? userPosition[x] : x;
            int to = inverse ? x : userPosition[x];
            out.userBias[to] = userBias[from];
            System.arraycopy(userFactors, from * stride, out.userFactors, to * stride, stride);
        }
        for (int x = 0; x < itemPosition.length; x++) {
            int from = inverse ? itemPosition[x] : x;
            int to = inverse ? x : itemPosition[x];
            out.itemBias[to] = itemBias[from];
            System.arraycopy(itemFactors, from * stride, out.itemFactors, to * stride, stride);
        }
        return out;
    }

    TrainingState copy() {
        return new TrainingState(this);
    }

    void copyFrom(TrainingState other) {
        System.arraycopy(other.userBias, 0, userBias, 0, userBias.length);
        System.arraycopy(other.itemBias, 0, itemBias, 0, itemBias.length);
        System.arraycopy(other.userFactors, 0, userFactors, 0, userFactors.length);
        System.arraycopy(other.itemFactors, 0, itemFactors, 0, itemFactors.length);
    }

    float score(int user, int item) {
        int u = user * stride;
        int i = item * stride;
        float dot = 0;
        for (int f = 0; f < factors; f++) {
            dot += userFactors[u + f] * itemFactors[i + f];
        }
        return globalMean + userBias[user] + itemBias[item] + dot;
    }

    /** RMSE and MAE of the clipped predictions on a dataset sharing this state's indices. */
    double[] evaluate(Dataset data) {
        return evaluate(data, null, null);
    }

    /**
     * RMSE and MAE of the clipped predictions on a dataset whose user {@code u} is this state's
     * row {@code userPosition[u]} (and likewise for items); null positions mean the same index.
     */
    double[] evaluate(Dataset data, int[] userPosition, int[] itemPosition) {
        double squared = 0;
        double absolute = 0;
        for (int row = 0; row < data.size(); row++) {
            int user = userPosition == null ? data.userIndex(row) : userPosition[data.userIndex(row)];
            int item = itemPosition == null ? data.itemIndex(row) : itemPosition[data.itemIndex(row)];
            double predicted = data.scale().clip(score(user, item));
            double error = predicted - data.rating(row);
            squared += error * error;
            absolute += Math.abs(error);
        }
        return new double[] {Math.sqrt(squared / data.size()), absolute / data.size()};
    }

    FactorModel toModel(Dataset data, TrainingParameters parameters, Map<String, Object> details) {
        Map<String, Object> hyperparameters = new LinkedHashMap<>(parameters.asMap());
        hyperparameters.putAll(details);
        ModelManifest manifest = new ModelManifest(
                ModelManifest.FORMAT_VERSION,
                "unsaved",
                Instant.now(),
                parameters.algorithm().id(),
                hyperparameters,
                parameters.seed(),
                data.toString(),
                data.fingerprint(),
                data.users().size(),
                data.items().size(),
                factors,
                data.size(),
                globalMean,
                data.scale().min(),
                data.scale().max(),
                null,
                "mf-recommender",
                null,
                0,
                null);
        return new FactorModel(
                manifest,
                data.users(),
                data.items(),
                globalMean,
                userBias.clone(),
                itemBias.clone(),
                unpadded(userFactors),
                unpadded(itemFactors));
    }

    private float[] unpadded(float[] rows) {
        if (stride == factors) {
            return rows.clone();
        }
        int count = rows.length / stride;
        float[] out = new float[count * factors];
        for (int r = 0; r < count; r++) {
            System.arraycopy(rows, r * stride, out, r * factors, factors);
        }
        return out;
    }

    private static float[] gaussian(int rows, int factors, int stride, double std, SplittableRandom random) {
        float[] values = new float[rows * stride];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < factors; f++) {
                values[r * stride + f] = (float) (std * random.nextGaussian());
            }
        }
        return values;
    }

    /**
     * The seeded slice of the training ratings held back for validation (the same for every
     * trainer, so their early stopping and validation metrics are comparable).
     */
    static Split validationSplit(Dataset all, TrainingParameters parameters) {
        return new SplitStrategy.Random(1 - parameters.validationFraction()).apply(all, mix(parameters.seed(), 1, 0));
    }

    /** Derives an independent stream seed from a run seed and small integers (SplitMix64 finalizer). */
    static long mix(long seed, long a, long b) {
        long z = seed + 0x9E3779B97F4A7C15L * (a + 1) + 0xBF58476D1CE4E5B9L * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
