package io.mfrecommender.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EaseTests {

    /** [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8, by hand. */
    @Test
    void theInverseOfATwoByTwoSystem() {
        double[] inverse = Ease.inverse(new double[] {4, 2, 2, 3}, 2);
        assertThat(inverse).containsExactly(new double[] {0.375, -0.25, -0.25, 0.5}, within(1e-12));
    }

    @Test
    void aRandomSymmetricPositiveDefiniteMatrixTimesItsInverseIsTheIdentity() {
        int n = 40;
        SplittableRandom random = new SplittableRandom(5);
        double[] x = new double[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i * n + j] += x[k * n + i] * x[k * n + j];
                }
            }
            a[i * n + i] += 1;
        }
        double[] copy = a.clone();
        double[] inverse = Ease.inverse(a, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += copy[i * n + k] * inverse[k * n + j];
                }
                assertThat(sum).isCloseTo(i == j ? 1 : 0, within(1e-9));
            }
        }
    }
}
