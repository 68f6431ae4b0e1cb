package io.mfrecommender.training;

import io.mfrecommender.linalg.Cholesky;
import io.mfrecommender.linalg.SymmetricEigen;
import io.mfrecommender.linalg.Vectors;
import java.util.Arrays;

/**
 * The same row solve as {@link AlsRowSolver} for rows with few interactions (n ≤ k/4, most rows of
 * sparse data such as the embedded MovieTweetings), by the Woodbury identity in the Gramian's
 * eigenbasis. There {@code B = α₀ HᵀH + λ_u I} is diagonal, {@code β = α₀ d + λ_u}, and with the
 * row's rotated vectors {@code X'} (n × k), confidences {@code C = |c|} and targets {@code c⁺ = max(c, 0)} (an
 * observed zero, {@code c < 0}, has target 0; {@link AlsRowSolver}):
 * <pre>
 *   t = B⁻¹ X'ᵀ c⁺,   S = C⁻¹ + X' B⁻¹ X'ᵀ (n × n),   w' = t − B⁻¹ X'ᵀ S⁻¹ X' t,   w = V w'
 * </pre>
 * about (n² + 4n)·k + k² operations against k³/6 + n·k²/2 for the k×k Cholesky path.
 */
final class AlsSparseRowSolver {
    private final EigenBasis basis;
    private final double unobservedWeight;
    private final double regularization;
    private final double exponent;
    private final int otherCount;
    private final double[] beta;
    private final double[] t;
    private final double[] rotatedW;

    AlsSparseRowSolver(
            EigenBasis basis, double unobservedWeight, double regularization, double exponent, int otherCount) {
        this.basis = basis;
        this.unobservedWeight = unobservedWeight;
        this.regularization = regularization;
        this.exponent = exponent;
        this.otherCount = otherCount;
        this.beta = new double[basis.k()];
        this.t = new double[basis.k()];
        this.rotatedW = new double[basis.k()];
    }

    /** Beyond k/4 the n² k scalar terms cost more than the SIMD-built k×k Cholesky path. */
    static int maxInteractions(int k) {
        return Math.max(1, k / 4);
    }

    void solve(int[] others, float[] weights, int from, int to, float[] target, int targetOffset) {
        int k = basis.k();
        int n = to - from;
        if (n == 0) {
            Arrays.fill(target, targetOffset, targetOffset + k, 0f);
            return;
        }
        float[] x = basis.rotated();
        double lambda = regularization * Math.pow(n + unobservedWeight * otherCount, exponent);
        Arrays.fill(t, 0);
        for (int f = 0; f < k; f++) {
            beta[f] = unobservedWeight * basis.values()[f] + lambda;
        }
        for (int a = from; a < to; a++) {
            int row = others[a] * k;
            double c = Math.max(0, weights[a]); // an observed zero (c < 0) adds nothing to the target
            for (int f = 0; f < k; f++) {
                t[f] += c * x[row + f];
            }
        }
        for (int f = 0; f < k; f++) {
            t[f] /= beta[f];
        }
        double[] s = new double[n * n];
        double[] rhs = new double[n];
        for (int i = 0; i < n; i++) {
            int ri = others[from + i] * k;
            double dotT = 0;
            for (int f = 0; f < k; f++) {
                dotT += x[ri + f] * t[f];
            }
            rhs[i] = dotT;
            for (int j = 0; j <= i; j++) {
                int rj = others[from + j] * k;
                double sum = 0;
                for (int f = 0; f < k; f++) {
                    sum += x[ri + f] * (double) x[rj + f] / beta[f];
                }
                s[i * n + j] = sum;
            }
            s[i * n + i] += 1 / Math.abs(weights[from + i]);
        }
        if (!Cholesky.solve(s, rhs, n)) {
            throw new TrainingException("a ranker row system is not positive definite; raise its regularization");
        }
        for (int f = 0; f < k; f++) {
            rotatedW[f] = t[f];
        }
        for (int i = 0; i < n; i++) {
            int ri = others[from + i] * k;
            double y = rhs[i];
            for (int f = 0; f < k; f++) {
                rotatedW[f] -= y * x[ri + f] / beta[f];
            }
        }
        double[] v = basis.vectors();
        for (int g = 0; g < k; g++) {
            double sum = 0;
            for (int f = 0; f < k; f++) {
                sum += v[g * k + f] * rotatedW[f];
            }
            target[targetOffset + g] = (float) sum;
        }
    }

    /**
     * The fixed side in the eigenbasis of its Gramian, {@code HᵀH = V diag(d) Vᵀ}: the rows of
     * {@code H V}. Computed once per half-epoch for {@link AlsSparseRowSolver}.
     */
    record EigenBasis(int k, double[] values, double[] vectors, float[] rotated) {

        static EigenBasis of(float[] gram, float[] other, int otherCount, int k) {
            SymmetricEigen eigen = SymmetricEigen.of(gram, k);
            float[] v = new float[k * k];
            for (int i = 0; i < k * k; i++) {
                v[i] = (float) eigen.vectors()[i];
            }
            float[] rotated = new float[otherCount * k];
            for (int j = 0; j < otherCount; j++) {
                for (int g = 0; g < k; g++) {
                    Vectors.axpy(other[j * k + g], v, g * k, rotated, j * k, k);
                }
            }
            return new EigenBasis(k, eigen.values(), eigen.vectors(), rotated);
        }
    }
}
