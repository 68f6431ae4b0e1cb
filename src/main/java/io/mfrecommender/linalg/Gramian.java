package io.mfrecommender.linalg;

/**
 * Gramians {@code XᵀX} of factor matrices, by SIMD rank-one updates in Java, which beat one ND4J
 * gemm at every k measured, most of the gemm's time going to copying the matrix into native
 * memory ({@code benchmark ials}, {@code docs/performance.md}). ND4J keeps the work it wins:
 * scoring hundreds of users against every item in one gemm ({@link BatchDots}).
 */
public final class Gramian {

    private Gramian() {}

    /** {@code XᵀX} ({@code k × k}, row-major, both triangles) of {@code x}, a row-major {@code n × k} matrix. */
    public static float[] of(float[] x, int n, int k) {
        if (x.length != (long) n * k) {
            throw new IllegalArgumentException("expected " + n + " × " + k + " values, got " + x.length);
        }
        float[] gram = new float[k * k];
        for (int i = 0; i < n; i++) {
            addOuterLower(gram, 1f, x, i * k, k);
        }
        for (int f = 0; f < k; f++) {
            for (int g = f + 1; g < k; g++) {
                gram[f * k + g] = gram[g * k + f];
            }
        }
        return gram;
    }

    /**
     * {@code a += w · x xᵀ} for the row {@code x[off .. off+k)}, on the lower triangle of the
     * {@code k × k} square {@code a} (entries above the diagonal are partly written and must be
     * ignored): what a Cholesky factorisation reads.
     */
    public static void addOuterLower(float[] a, float w, float[] x, int off, int k) {
        if (Simd.AVAILABLE) {
            VectorOps.addOuterLower(a, w, x, off, k);
            return;
        }
        for (int f = 0; f < k; f++) {
            float c = w * x[off + f];
            int row = f * k;
            for (int g = 0; g <= f; g++) {
                a[row + g] += c * x[off + g];
            }
        }
    }

    /**
     * {@code rows} times {@code (G/n)^(-power/2)}, G their Gramian: at power 1 the rows' second
     * moment becomes the identity, so no direction they share (the one popular items have in common)
     * dominates a cosine between them; power ½ goes half way. Eigenvalues below a thousandth of the
     * largest are raised to it, so directions with no variance are not blown up.
     */
    public static float[] whiten(float[] rows, int n, int k, double power) {
        return transform(rows, n, k, whitening(rows, n, k, power));
    }

    /** The symmetric {@code k × k} matrix {@code (G/n)^(-power/2)} that {@link #whiten} multiplies the rows by. */
    public static double[] whitening(float[] rows, int n, int k, double power) {
        float[] gram = of(rows, n, k);
        for (int i = 0; i < gram.length; i++) {
            gram[i] /= Math.max(1, n);
        }
        SymmetricEigen eigen = SymmetricEigen.of(gram, k);
        double largest = 0;
        for (double value : eigen.values()) {
            largest = Math.max(largest, value);
        }
        double[] scale = new double[k];
        for (int e = 0; e < k; e++) {
            double value = Math.max(eigen.values()[e], 1e-3 * largest);
            scale[e] = value > 0 ? Math.pow(value, -power / 2) : 1;
        }
        double[] transform = new double[k * k];
        double[] v = eigen.vectors();
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double sum = 0;
                for (int e = 0; e < k; e++) {
                    sum += v[a * k + e] * v[b * k + e] * scale[e];
                }
                transform[a * k + b] = sum;
            }
        }
        return transform;
    }

    /** {@code rows × transform}: each row of the {@code n × k} matrix times the {@code k × k} matrix. */
    public static float[] transform(float[] rows, int n, int k, double[] transform) {
        float[] result = new float[n * k];
        for (int r = 0; r < n; r++) {
            for (int b = 0; b < k; b++) {
                double sum = 0;
                for (int a = 0; a < k; a++) {
                    sum += rows[r * k + a] * transform[a * k + b];
                }
                result[r * k + b] = (float) sum;
            }
        }
        return result;
    }
}
