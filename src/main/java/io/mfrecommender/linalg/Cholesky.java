package io.mfrecommender.linalg;

/**
 * Solves small symmetric positive definite systems {@code A x = b} by Cholesky factorisation
 * {@code A = L Lᵀ}, then forward and back substitution (Golub and Van Loan, "Matrix Computations",
 * 4th ed., §4.2). The k×k systems of implicit ALS and of fold-in are solved in {@code double}:
 * their matrices are sums of thousands of outer products, and the factorisation squares the
 * condition number's effect on float rounding.
 *
 * <p>Cost: k³/6 multiply-adds for the factor, k² for the two substitutions.
 */
public final class Cholesky {

    private Cholesky() {}

    /**
     * Solves {@code A x = b} in place. {@code a} is row-major {@code k × k}; only its lower
     * triangle is read, and it is overwritten by {@code L}. {@code b} is overwritten by {@code x}.
     *
     * @return false when {@code A} is not (numerically) positive definite; {@code b} is then unchanged
     */
    public static boolean solve(double[] a, double[] b, int k) {
        if (!factor(a, k)) {
            return false;
        }
        substitute(a, b, k);
        return true;
    }

    /** Overwrites the lower triangle of {@code a} by {@code L} with {@code A = L Lᵀ}; false when not SPD. */
    public static boolean factor(double[] a, int k) {
        for (int j = 0; j < k; j++) {
            int rj = j * k;
            double diagonal = a[rj + j];
            for (int p = 0; p < j; p++) {
                diagonal -= a[rj + p] * a[rj + p];
            }
            if (!(diagonal > 0)) {
                return false;
            }
            double ljj = Math.sqrt(diagonal);
            a[rj + j] = ljj;
            double inverse = 1 / ljj;
            for (int i = j + 1; i < k; i++) {
                int ri = i * k;
                double sum = a[ri + j];
                for (int p = 0; p < j; p++) {
                    sum -= a[ri + p] * a[rj + p];
                }
                a[ri + j] = sum * inverse;
            }
        }
        return true;
    }

    /** With {@code l} from {@link #factor}: {@code b ← (L Lᵀ)⁻¹ b}. */
    public static void substitute(double[] l, double[] b, int k) {
        for (int i = 0; i < k; i++) {
            int ri = i * k;
            double sum = b[i];
            for (int p = 0; p < i; p++) {
                sum -= l[ri + p] * b[p];
            }
            b[i] = sum / l[ri + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double sum = b[i];
            for (int p = i + 1; p < k; p++) {
                sum -= l[p * k + i] * b[p];
            }
            b[i] = sum / l[i * k + i];
        }
    }
}
