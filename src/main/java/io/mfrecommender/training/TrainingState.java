package io.mfrecommender.training;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelManifest;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The mutable parameters of a model under training, in flat primitive arrays: factor row
 * {@code u} of P is {@code userFactors[u*k .. u*k+k)}. Turned into an immutable
 * {@link FactorModel} once training ends.
 */
final class TrainingState {

    final int factors;
    final float globalMean;
    final float[] userBias;
    final float[] itemBias;
    final float[] userFactors;
    final float[] itemFactors;

    TrainingState(int users, int items, int factors, float globalMean, double initStd, SplittableRandom random) {
        this.factors = factors;
        this.globalMean = globalMean;
        this.userBias = new float[users];
        this.itemBias = new float[items];
        this.userFactors = gaussian(users * factors, initStd, random);
        this.itemFactors = gaussian(items * factors, initStd, random);
    }

    private TrainingState(TrainingState other) {
        this.factors = other.factors;
        this.globalMean = other.globalMean;
        this.userBias = other.userBias.clone();
        this.itemBias = other.itemBias.clone();
        this.userFactors = other.userFactors.clone();
        this.itemFactors = other.itemFactors.clone();
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
        int u = user * factors;
        int i = item * factors;
        float dot = 0;
        for (int f = 0; f < factors; f++) {
            dot += userFactors[u + f] * itemFactors[i + f];
        }
        return globalMean + userBias[user] + itemBias[item] + dot;
    }

    /** RMSE and MAE of the clipped predictions on {@code rows} of a dataset sharing this state's indices. */
    double[] evaluate(Dataset data) {
        double squared = 0;
        double absolute = 0;
        for (int row = 0; row < data.size(); row++) {
            double predicted = data.scale().clip(score(data.userIndex(row), data.itemIndex(row)));
            double error = predicted - data.rating(row);
            squared += error * error;
            absolute += Math.abs(error);
        }
        return new double[] {Math.sqrt(squared / data.size()), absolute / data.size()};
    }

    FactorModel toModel(Dataset data, TrainingParameters parameters) {
        ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, "unsaved", Instant.now(),
                parameters.algorithm().id(), parameters.asMap(), parameters.seed(), data.toString(),
                data.fingerprint(), data.users().size(), data.items().size(), factors, data.size(), globalMean,
                data.scale().min(), data.scale().max(), null, "mf-recommender");
        return new FactorModel(manifest, data.users(), data.items(), globalMean, userBias.clone(), itemBias.clone(),
                userFactors.clone(), itemFactors.clone());
    }

    private static float[] gaussian(int n, double std, SplittableRandom random) {
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            values[k] = (float) (std * random.nextGaussian());
        }
        return values;
    }

    /** Derives an independent stream seed from a run seed and small integers (SplitMix64 finalizer). */
    static long mix(long seed, long a, long b) {
        long z = seed + 0x9E3779B97F4A7C15L * (a + 1) + 0xBF58476D1CE4E5B9L * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
