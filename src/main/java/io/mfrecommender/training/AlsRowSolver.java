package io.mfrecommender.training;

import io.mfrecommender.linalg.Cholesky;
import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.linalg.Vectors;
import java.util.Arrays;

/**
 * The k×k solve of one row, with its own scratch space (one per thread). Shared with fold-in,
 * which re-solves one user against a trained item side exactly as training would.
 */
public final class AlsRowSolver {
    private final int k;
    private final float[] gram;
    private final double unobservedWeight;
    private final double regularization;
    private final double exponent;
    private final int otherCount;
    private final float[] outer;
    private final float[] rhs;
    private final double[] system;
    private final double[] solution;

    /**
     * @param gram       {@code XᵀX} of the fixed side ({@code k × k})
     * @param otherCount rows of the fixed side (|I| when solving users)
     */
    public AlsRowSolver(
            int k, float[] gram, double unobservedWeight, double regularization, double exponent, int otherCount) {
        this.k = k;
        this.gram = gram;
        this.unobservedWeight = unobservedWeight;
        this.regularization = regularization;
        this.exponent = exponent;
        this.otherCount = otherCount;
        this.outer = new float[k * k];
        this.rhs = new float[k];
        this.system = new double[k * k];
        this.solution = new double[k];
    }

    void solve(AlsInteractions rows, int row, float[] other, float[] target) {
        int from = rows.start[row];
        int to = rows.start[row + 1];
        solve(rows.other, rows.weight, from, to, other, target, row * k);
    }

    /**
     * Writes into {@code target[targetOffset ..)} the vector that best explains the
     * interactions {@code others[from..to)} (rows of {@code other}) with confidences
     * {@code weights}; an empty row gets the zero vector. A weight {@code c > 0} is an interaction
     * (preference 1, confidence {@code c}); a weight {@code c < 0} an observed zero, preference 0 with
     * confidence {@code |c|} (a "not interested", {@link EventWeights}).
     */
    public void solve(
            int[] others, float[] weights, int from, int to, float[] other, float[] target, int targetOffset) {
        if (to == from) {
            Arrays.fill(target, targetOffset, targetOffset + k, 0f);
            return;
        }
        build(others, weights, from, to, other);
        for (int i = 0; i < k; i++) {
            solution[i] = rhs[i];
        }
        if (!Cholesky.solve(system, solution, k)) {
            throw new TrainingException("a ranker row system is not positive definite; raise its regularization");
        }
        for (int i = 0; i < k; i++) {
            target[targetOffset + i] = (float) solution[i];
        }
    }

    /**
     * The row's system matrix {@code A = Σ |c_j| y_j y_jᵀ + α₀ XᵀX + λ_u I} (lower triangle, row-major,
     * a copy), whose solution against {@code Σ c_j y_j} {@link #solve} returns: what explains a
     * row's score item by item ({@link FoldIn#attributeRanker}).
     */
    public double[] system(int[] others, float[] weights, int from, int to, float[] other) {
        build(others, weights, from, to, other);
        return system.clone();
    }

    private void build(int[] others, float[] weights, int from, int to, float[] other) {
        int n = to - from;
        Arrays.fill(outer, 0f);
        Arrays.fill(rhs, 0f);
        for (int at = from; at < to; at++) {
            int offset = others[at] * k;
            float c = weights[at];
            Gramian.addOuterLower(outer, Math.abs(c), other, offset, k);
            if (c > 0) { // an observed zero adds its confidence to the system and nothing to the target
                Vectors.axpy(c, other, offset, rhs, 0, k);
            }
        }
        double lambda = regularization * Math.pow(n + unobservedWeight * otherCount, exponent);
        for (int i = 0; i < k * k; i++) {
            system[i] = outer[i] + unobservedWeight * gram[i];
        }
        for (int i = 0; i < k; i++) {
            system[i * k + i] += lambda;
        }
    }
}
