package io.mfrecommender.training;

import io.mfrecommender.linalg.VectorOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SGD update of {@link SgdTrainer} on SIMD lanes, through the JDK's Vector API, in the shape
 * {@link VectorOps#species()} chose for this hardware (four or eight floats). Rows are padded to a
 * multiple of {@link #LANES}.
 *
 * <p>The Vector API is an incubator module in Java 17: it is used only when the JVM was started
 * with {@code --add-modules jdk.incubator.vector} (see {@link #AVAILABLE}); otherwise the scalar
 * kernel runs. The two kernels round differently (fused multiply-add, summation order), so each
 * is deterministic on its own and the manifest records which one trained a model.
 */
final class VectorKernel {

    private static final VectorSpecies<Float> SPECIES = VectorOps.species();
    static final int LANES = SPECIES.length();

    private VectorKernel() {}

    /**
     * Updates the ratings {@code [from, to)} in order; returns their summed squared error. The user
     * row moves {@code userSteps} gradient steps (2 with implicit feedback, see {@link ImplicitFeedback}).
     */
    static double update(
            int from,
            int to,
            int[] users,
            int[] items,
            float[] ratings,
            TrainingState state,
            float lr,
            float shrink,
            float biasShrink,
            float userSteps) {
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
            float userStep = step * userSteps;
            userBias[user] = biasShrink * userBias[user] + step;
            itemBias[item] = biasShrink * itemBias[item] + step;
            for (int f = 0; f < stride; f += LANES) {
                FloatVector pu = FloatVector.fromArray(SPECIES, p, uo + f);
                FloatVector qi = FloatVector.fromArray(SPECIES, q, io + f);
                pu.mul(shrink).add(qi.mul(userStep)).intoArray(p, uo + f);
                qi.mul(shrink).add(pu.mul(step)).intoArray(q, io + f);
            }
        }
        return squaredError;
    }

    /** {@link Rows#addScaledSum} on lanes; {@code stride} is a multiple of {@link #LANES}. */
    static void addScaledSum(float a, float[] x, int[] rows, int from, int to, int stride, float[] out, int outOffset) {
        // Up to four lane groups per sweep over the rows, summed in registers.
        for (int f = 0; f < stride; f += 4 * LANES) {
            int groups = Math.min(4, (stride - f) / LANES);
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int k = from; k < to; k++) {
                int base = rows[k] * stride + f;
                s0 = s0.add(FloatVector.fromArray(SPECIES, x, base));
                if (groups > 1) {
                    s1 = s1.add(FloatVector.fromArray(SPECIES, x, base + LANES));
                }
                if (groups > 2) {
                    s2 = s2.add(FloatVector.fromArray(SPECIES, x, base + 2 * LANES));
                }
                if (groups > 3) {
                    s3 = s3.add(FloatVector.fromArray(SPECIES, x, base + 3 * LANES));
                }
            }
            FloatVector scale = FloatVector.broadcast(SPECIES, a);
            int o = outOffset + f;
            s0.fma(scale, FloatVector.fromArray(SPECIES, out, o)).intoArray(out, o);
            if (groups > 1) {
                s1.fma(scale, FloatVector.fromArray(SPECIES, out, o + LANES)).intoArray(out, o + LANES);
            }
            if (groups > 2) {
                s2.fma(scale, FloatVector.fromArray(SPECIES, out, o + 2 * LANES))
                        .intoArray(out, o + 2 * LANES);
            }
            if (groups > 3) {
                s3.fma(scale, FloatVector.fromArray(SPECIES, out, o + 3 * LANES))
                        .intoArray(out, o + 3 * LANES);
            }
        }
    }

    /** {@link Rows#scatterScaled} on lanes; {@code stride} is a multiple of {@link #LANES}. */
    static void scatterScaled(
            float a, float[] x, int[] rows, int from, int to, float[] rowScale, int stride, float[] out) {
        // Up to four lane groups of x held in registers per sweep over the rows.
        for (int f = 0; f < stride; f += 4 * LANES) {
            int groups = Math.min(4, (stride - f) / LANES);
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, f);
            FloatVector x1 = groups > 1 ? FloatVector.fromArray(SPECIES, x, f + LANES) : x0;
            FloatVector x2 = groups > 2 ? FloatVector.fromArray(SPECIES, x, f + 2 * LANES) : x0;
            FloatVector x3 = groups > 3 ? FloatVector.fromArray(SPECIES, x, f + 3 * LANES) : x0;
            for (int k = from; k < to; k++) {
                int row = rows[k];
                FloatVector scale = FloatVector.broadcast(SPECIES, a * rowScale[row]);
                int o = row * stride + f;
                x0.fma(scale, FloatVector.fromArray(SPECIES, out, o)).intoArray(out, o);
                if (groups > 1) {
                    x1.fma(scale, FloatVector.fromArray(SPECIES, out, o + LANES))
                            .intoArray(out, o + LANES);
                }
                if (groups > 2) {
                    x2.fma(scale, FloatVector.fromArray(SPECIES, out, o + 2 * LANES))
                            .intoArray(out, o + 2 * LANES);
                }
                if (groups > 3) {
                    x3.fma(scale, FloatVector.fromArray(SPECIES, out, o + 3 * LANES))
                            .intoArray(out, o + 3 * LANES);
                }
            }
        }
    }
}
