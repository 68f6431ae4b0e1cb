package io.mfrecommender.linalg;

/**
 * Eigendecomposition {@code A = V diag(d) Vᵀ} of a small symmetric matrix by the cyclic Jacobi
 * method (Golub and Van Loan, "Matrix Computations", 4th ed., §8.5): rotations zero one
 * off-diagonal pair at a time until the off-diagonal mass is negligible. Robust and accurate for
 * the k×k Gramians of implicit ALS; about ten sweeps of 2k³ flops each.
 *
 * @param values  eigenvalues {@code d}
 * @param vectors eigenvectors as the columns of {@code V}, row-major {@code k × k}
 */
public record SymmetricEigen(double[] values, double[] vectors) {

    private static final int MAX_SWEEPS = 60;

    /** @param a row-major {@code k × k}, symmetric; not modified */
    public static SymmetricEigen of(float[] a, int k) {
        double[] m = new double[k * k];
        double scale = 0;
        for (int i = 0; i < k * k; i++) {
            m[i] = a[i];
            scale += m[i] * m[i];
        }
        double[] v = new double[k * k];
        for (int i = 0; i < k; i++) {
            v[i * k + i] = 1;
        }
        double tolerance = 1e-24 * Math.max(scale, Double.MIN_NORMAL);
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < k; p++) {
                for (int q = p + 1; q < k; q++) {
                    off += m[p * k + q] * m[p * k + q];
                }
            }
            if (off <= tolerance) {
                break;
            }
            for (int p = 0; p < k; p++) {
                for (int q = p + 1; q < k; q++) {
                    double apq = m[p * k + q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (m[q * k + q] - m[p * k + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int r = 0; r < k; r++) { // columns p and q
                        double mrp = m[r * k + p];
                        double mrq = m[r * k + q];
                        m[r * k + p] = c * mrp - s * mrq;
                        m[r * k + q] = s * mrp + c * mrq;
                    }
                    for (int r = 0; r < k; r++) { // rows p and q
                        double mpr = m[p * k + r];
                        double mqr = m[q * k + r];
                        m[p * k + r] = c * mpr - s * mqr;
                        m[q * k + r] = s * mpr + c * mqr;
                    }
                    for (int r = 0; r < k; r++) {
                        double vrp = v[r * k + p];
                        double vrq = v[r * k + q];
                        v[r * k + p] = c * vrp - s * vrq;
                        v[r * k + q] = s * vrp + c * vrq;
                    }
                }
            }
        }
        double[] d = new double[k];
        for (int i = 0; i < k; i++) {
            d[i] = m[i * k + i];
        }
        return new SymmetricEigen(d, v);
    }
}
