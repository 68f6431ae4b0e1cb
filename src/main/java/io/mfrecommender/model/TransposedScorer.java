package io.mfrecommender.model;

/**
 * {@code out[i] += Σ_f v[f] · mT[f·n + i]} for all {@code i}: one vector against every row of a
 * matrix stored transposed ({@code k × n}). Each pass over {@code f} is an axpy over contiguous
 * memory, which the SIMD kernel runs eight floats at a time.
 */
final class TransposedScorer {

    private TransposedScorer() {
    }

    static void addProducts(float[] v, int k, float[] mT, int n, float[] out) {
        if (Simd.AVAILABLE) {
            VectorAxpy.addProducts(v, k, mT, n, out);
            return;
        }
        for (int f = 0; f < k; f++) {
            float vf = v[f];
            int base = f * n;
            for (int i = 0; i < n; i++) {
                out[i] += vf * mT[base + i];
            }
        }
    }
}
