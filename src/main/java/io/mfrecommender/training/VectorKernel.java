package io.mfrecommender.training;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SGD update of {@link SgdTrainer} on 256-bit SIMD lanes (eight floats), through the JDK's
 * Vector API. Rows are padded to a multiple of {@link #LANES}. Measured here at k = 20 this is
 * about twice as fast as the scalar loop once the block's rows are in cache.
 *
 * <p>The Vector API is an incubator module in Java 17: it is used only when the JVM was started
 * with {@code --add-modules jdk.incubator.vector} (see {@link #AVAILABLE}); otherwise the scalar
 * kernel runs. The two kernels round differently (fused multiply-add, summation order), so each
 * is deterministic on its own and the manifest records which one trained a model.
 */
final class VectorKernel {

    static final int LANES = 8;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;

    private VectorKernel() {
    }

    /** Updates the ratings {@code [from, to)} in order; returns their summed squared error. */
    static double update(int from, int to, int[] users, int[] items, float[] ratings, TrainingState state,
                         float lr, float shrink, float biasShrink) {
        int stride = state.stride;
        float mu = state.globalMean;
        float[] userBias = state.userBias;
        float[] itemBias = state.itemBias;
        float[] p = state.userFactors;
        float[] q = state.itemFactors;
        double squaredError = 0;
        for (int k = from; k < to; k++) {
            int user = users[k];
            int item = items[k];
            int uo = user * stride;
            int io = item * stride;
            FloatVector sum = FloatVector.zero(SPECIES);
            for (int f = 0; f < stride; f += LANES) {
                sum = FloatVector.fromArray(SPECIES, p, uo + f).fma(FloatVector.fromArray(SPECIES, q, io + f), sum);
            }
            float error = ratings[k] - (mu + userBias[user] + itemBias[item] + sum.reduceLanes(VectorOperators.ADD));
            squaredError += error * error;
            float step = lr * error;
            userBias[user] = biasShrink * userBias[user] + step;
            itemBias[item] = biasShrink * itemBias[item] + step;
            for (int f = 0; f < stride; f += LANES) {
                FloatVector pu = FloatVector.fromArray(SPECIES, p, uo + f);
                FloatVector qi = FloatVector.fromArray(SPECIES, q, io + f);
                pu.mul(shrink).add(qi.mul(step)).intoArray(p, uo + f);
                qi.mul(shrink).add(pu.mul(step)).intoArray(q, io + f);
            }
        }
        return squaredError;
    }
}
