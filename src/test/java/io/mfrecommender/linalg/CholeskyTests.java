package io.mfrecommender.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CholeskyTests {

    /**
     * A = [[4, 2], [2, 3]], b = [2, 1]. det A = 8, so A⁻¹ = [[3, −2], [−2, 4]] / 8 and
     * x = A⁻¹ b = [(6 − 2) / 8, (−4 + 4) / 8] = [0.5, 0]. L = [[2, 0], [1, √2]].
     */
    @Test
    void solvesATwoByTwoSystemByHand() {
        double[] a = {4, 2, 2, 3};
        double[] b = {2, 1};
        assertThat(Cholesky.solve(a, b, 2)).isTrue();
        assertThat(b[0]).isCloseTo(0.5, within(1e-12));
        assertThat(b[1]).isCloseTo(0.0, within(1e-12));
        assertThat(a[0]).isCloseTo(2, within(1e-12));
        assertThat(a[2]).isCloseTo(1, within(1e-12));
        assertThat(a[3]).isCloseTo(Math.sqrt(2), within(1e-12));
    }

    @Test
    void solvesRandomPositiveDefiniteSystemsToTheirResidual() {
        SplittableRandom random = new SplittableRandom(7);
        int k = 24;
        double[] m = new double[k * k];
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextGaussian();
        }
        double[] a = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double sum = i == j ? 0.1 : 0;
                for (int p = 0; p < k; p++) {
                    sum += m[p * k + i] * m[p * k + j];
                }
                a[i * k + j] = sum;
            }
        }
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            b[i] = random.nextGaussian();
        }
        double[] x = b.clone();
        assertThat(Cholesky.solve(a.clone(), x, k)).isTrue();
        for (int i = 0; i < k; i++) {
            double ax = 0;
            for (int j = 0; j < k; j++) {
                ax += a[i * k + j] * x[j];
            }
            assertThat(ax).isCloseTo(b[i], within(1e-8));
        }
    }

    @Test
    void refusesAMatrixThatIsNotPositiveDefiniteAndLeavesTheRightHandSide() {
        double[] a = {1, 2, 2, 1}; // eigenvalues 3 and −1
        double[] b = {1, 1};
        assertThat(Cholesky.solve(a, b, 2)).isFalse();
        assertThat(b).containsExactly(1, 1);
    }
}
