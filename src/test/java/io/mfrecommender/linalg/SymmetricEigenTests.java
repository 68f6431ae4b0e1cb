package io.mfrecommender.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricEigenTests {

    /** [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2. */
    @Test
    void decomposesATwoByTwoMatrixByHand() {
        SymmetricEigen e = SymmetricEigen.of(new float[] {2, 1, 1, 2}, 2);
        double[] d = e.values().clone();
        Arrays.sort(d);
        assertThat(d[0]).isCloseTo(1, within(1e-12));
        assertThat(d[1]).isCloseTo(3, within(1e-12));
    }

    @Test
    void reconstructsARandomGramianAndHasOrthonormalVectors() {
        SplittableRandom random = new SplittableRandom(4);
        int k = 24;
        int n = 60;
        float[] x = new float[n * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] g = Gramian.of(x, n, k);
        SymmetricEigen e = SymmetricEigen.of(g, k);
        double[] v = e.vectors();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double a = 0;
                double dot = 0;
                for (int f = 0; f < k; f++) {
                    a += v[i * k + f] * e.values()[f] * v[j * k + f];
                    dot += v[f * k + i] * v[f * k + j];
                }
                assertThat(a).isCloseTo(g[i * k + j], within(1e-3 * Math.max(1, Math.abs(g[i * k + j]))));
                assertThat(dot).isCloseTo(i == j ? 1 : 0, within(1e-9));
            }
        }
    }
}
