package io.mfrecommender.linalg;

import java.util.Arrays;

/**
 * Float vector arithmetic on slices of flat arrays, on SIMD lanes when {@link Simd#AVAILABLE}
 * (see {@link VectorOps}) and in plain loops otherwise. Each method is small so that the JIT
 * inlines the dispatch into the caller's loop.
 */
public final class Vectors {

    private Vectors() {}

    /** A copy of row {@code row} of a row-major matrix with {@code k} columns. */
    public static float[] row(float[] matrix, int row, int k) {
        float[] copy = new float[k];
        System.arraycopy(matrix, row * k, copy, 0, k);
        return copy;
    }

    /** {@code Σ_f a[aOff+f] · b[bOff+f]} over {@code f < n}. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return Simd.AVAILABLE ? VectorOps.dot(a, aOff, b, bOff, n) : dotScalar(a, aOff, b, bOff, n);
    }

    /** {@code y[yOff+f] += alpha · x[xOff+f]} over {@code f < n}. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (Simd.AVAILABLE) {
            VectorOps.axpy(alpha, x, xOff, y, yOff, n);
        } else {
            axpyScalar(alpha, x, xOff, y, yOff, n);
        }
    }

    /**
     * {@code out[i] += Σ_f v[f] · mT[f·n + i]} for all {@code i < n}: one vector against every row
     * of a matrix stored transposed ({@code k × n}). Each pass over {@code f} is an axpy over
     * contiguous memory, which is what makes scoring a whole catalog cheap.
     */
    public static void addProducts(float[] v, int k, float[] mT, int n, float[] out) {
        if (Simd.AVAILABLE) {
            VectorOps.addProducts(v, k, mT, n, out);
        } else {
            addProductsScalar(v, k, mT, n, out);
        }
    }

    /** {@code out[i] = Σ_f v[f] · mT[f·n + i]}: {@link #addProducts} into a cleared {@code out}, with one pass fewer. */
    public static void products(float[] v, int k, float[] mT, int n, float[] out) {
        if (Simd.AVAILABLE) {
            VectorOps.products(v, k, mT, n, out, false);
        } else {
            Arrays.fill(out, 0, n, 0f);
            addProductsScalar(v, k, mT, n, out);
        }
    }

    static void addProductsScalar(float[] v, int k, float[] mT, int n, float[] out) {
        for (int f = 0; f < k; f++) {
            axpyScalar(v[f], mT, f * n, out, 0, n);
        }
    }

    /** How many elements {@link #laneMaxima} folds into one maximum. */
    static final int GROUP = 8;

    /** The lanes {@link #laneMaxima} works on: the SIMD shape's, 8 without SIMD. */
    public static int lanes() {
        return Simd.AVAILABLE ? VectorOps.species().length() : 8;
    }

    /**
     * The largest of each group of {@value #GROUP} elements of {@code x[off .. off+n)}, on SIMD lanes:
     * for each whole chunk {@code c} of {@code GROUP · lanes()} elements and each lane {@code l},
     * {@code out[c·lanes() + l]} is the largest of {@code x[off + c·GROUP·lanes() + v·lanes() + l]},
     * {@code v < GROUP}, as {@link Math#max} folds them (a group holding a NaN answers NaN). The
     * elements after the last whole chunk are not read. Returns how many maxima were written.
     */
    public static int laneMaxima(float[] x, int off, int n, float[] out) {
        return Simd.AVAILABLE ? VectorOps.laneMaxima(x, off, n, out) : laneMaximaScalar(x, off, n, lanes(), out);
    }

    /** The positions {@code i} (ascending) of {@code x[off .. off+n)} with {@code x[off + i] ≥ bound}, into {@code out}; how many. */
    public static int atLeast(float[] x, int off, int n, float bound, int[] out) {
        return Simd.AVAILABLE
                ? VectorOps.atLeast(x, off, n, bound, out, false)
                : atLeastScalar(x, off, n, bound, false, out, 0, 0);
    }

    /** {@link #atLeast}, NaN elements included: the positions where {@code x} is not below {@code bound}. */
    public static int notBelow(float[] x, int off, int n, float bound, int[] out) {
        return Simd.AVAILABLE
                ? VectorOps.atLeast(x, off, n, bound, out, true)
                : atLeastScalar(x, off, n, bound, true, out, 0, 0);
    }

    static int laneMaximaScalar(float[] x, int off, int n, int lanes, float[] out) {
        int chunks = n / (GROUP * lanes);
        for (int c = 0; c < chunks; c++) {
            for (int l = 0; l < lanes; l++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int v = 0; v < GROUP; v++) {
                    max = Math.max(max, x[off + (c * GROUP + v) * lanes + l]);
                }
                out[c * lanes + l] = max;
            }
        }
        return chunks * lanes;
    }

    /**
     * Appends {@code first + i} to {@code out} from {@code out[count]} for each {@code i < n} with
     * {@code x[off + i] ≥ bound} (or NaN, with {@code orNaN}); returns the new count.
     */
    static int atLeastScalar(float[] x, int off, int n, float bound, boolean orNaN, int[] out, int count, int first) {
        for (int i = 0; i < n; i++) {
            float value = x[off + i];
            if (value >= bound || orNaN && value != value) {
                out[count++] = first + i;
            }
        }
        return count;
    }

    static float dotScalar(float[] a, int aOff, float[] b, int bOff, int n) {
        // Four partial sums: independent chains the CPU can run in parallel.
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int f = 0;
        for (; f + 3 < n; f += 4) {
            s0 += a[aOff + f] * b[bOff + f];
            s1 += a[aOff + f + 1] * b[bOff + f + 1];
            s2 += a[aOff + f + 2] * b[bOff + f + 2];
            s3 += a[aOff + f + 3] * b[bOff + f + 3];
        }
        for (; f < n; f++) {
            s0 += a[aOff + f] * b[bOff + f];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static void axpyScalar(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int f = 0; f < n; f++) {
            y[yOff + f] += alpha * x[xOff + f];
        }
    }
}
