package io.mfrecommender.training;

/**
 * Row arithmetic on flat factor arrays, on SIMD lanes when the Vector API is present (rows are
 * then padded to whole lanes, see {@link Kernels#stride}) and in plain loops otherwise.
 */
final class Rows {

    private Rows() {}

    /**
     * {@code out[outOffset + f] += a · Σ_k x[rows[k]·stride + f]} over {@code k ∈ [from, to)} and
     * {@code f < stride}: the rows are summed first, then scaled once.
     */
    static void addScaledSum(float a, float[] x, int[] rows, int from, int to, int stride, float[] out, int outOffset) {
        if (Kernels.VECTOR) {
            VectorKernel.addScaledSum(a, x, rows, from, to, stride, out, outOffset);
        } else {
            addScaledSumScalar(a, x, rows, from, to, stride, out, outOffset);
        }
    }

    static void addScaledSumScalar(
            float a, float[] x, int[] rows, int from, int to, int stride, float[] out, int outOffset) {
        float[] sum = new float[stride];
        for (int k = from; k < to; k++) {
            int base = rows[k] * stride;
            for (int f = 0; f < stride; f++) {
                sum[f] += x[base + f];
            }
        }
        for (int f = 0; f < stride; f++) {
            out[outOffset + f] += a * sum[f];
        }
    }

    /**
     * {@code out[rows[k]·stride + f] += a · rowScale[rows[k]] · x[f]} over {@code k ∈ [from, to)}
     * and {@code f < stride}: one vector added to many rows, each with its own weight.
     */
    static void scatterScaled(
            float a, float[] x, int[] rows, int from, int to, float[] rowScale, int stride, float[] out) {
        if (Kernels.VECTOR) {
            VectorKernel.scatterScaled(a, x, rows, from, to, rowScale, stride, out);
        } else {
            scatterScaledScalar(a, x, rows, from, to, rowScale, stride, out);
        }
    }

    static void scatterScaledScalar(
            float a, float[] x, int[] rows, int from, int to, float[] rowScale, int stride, float[] out) {
        for (int k = from; k < to; k++) {
            int row = rows[k];
            float scale = a * rowScale[row];
            for (int f = 0, o = row * stride; f < stride; f++, o++) {
                out[o] += scale * x[f];
            }
        }
    }
}
