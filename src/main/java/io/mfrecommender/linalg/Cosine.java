package io.mfrecommender.linalg;

import java.util.Arrays;

/** Cosine similarity of rows through unit-length copies stored transposed, so one row scores against all in k SIMD passes. */
public final class Cosine {

    private Cosine() {}

    /** The rows of {@code rows} ({@code n × k}) scaled to unit length, transposed to {@code k × n}; zero rows stay zero. */
    public static float[] unitTransposed(float[] rows, int n, int k) {
        float[] out = new float[k * n];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int f = 0; f < k; f++) {
                norm += (double) rows[i * k + f] * rows[i * k + f];
            }
            float inverse = norm == 0 ? 0f : (float) (1 / Math.sqrt(norm));
            for (int f = 0; f < k; f++) {
                out[f * n + i] = rows[i * k + f] * inverse;
            }
        }
        return out;
    }

    /** The transpose ({@code k × n}) of a row-major {@code n × k} matrix. */
    public static float[] transposed(float[] rows, int n, int k) {
        float[] out = new float[k * n];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < k; f++) {
                out[f * n + i] = rows[i * k + f];
            }
        }
        return out;
    }

    /** Cosine of row {@code row} with every row, into {@code out} (length n), from {@link #unitTransposed} output. */
    public static void toAll(float[] unitT, int n, int k, int row, float[] out) {
        float[] unit = new float[k];
        for (int f = 0; f < k; f++) {
            unit[f] = unitT[f * n + row];
        }
        Arrays.fill(out, 0f);
        Vectors.addProducts(unit, k, unitT, n, out);
    }
}
