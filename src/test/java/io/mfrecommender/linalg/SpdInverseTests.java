package io.mfrecommender.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpdInverseTests {

    /** A = [[4, 2], [2, 3]]: det 8, A⁻¹ = [[3, −2], [−2, 4]] / 8. */
    @Test
    void invertsATwoByTwoMatrixByHand() {
        double[] inverse = SpdInverse.invert(new double[] {4, 2, 2, 3}, 2);
        assertThat(inverse).containsExactly(new double[] {0.375, -0.25, -0.25, 0.5}, within(1e-12));
    }

    /** A small Gramian of Gaussian columns (plain loops, no blocks): A·A⁻¹ is the identity to 1e-9. */
    @Test
    void aSmallGramianTimesItsInverseIsTheIdentity() {
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
        double[] inverse = SpdInverse.invert(a, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += a[i * n + k] * inverse[k * n + j];
                }
                assertThat(sum).isCloseTo(i == j ? 1 : 0, within(1e-9));
            }
        }
    }

    /** Sizes that recurse once, twice and unevenly; the product with A is the identity to 1e-9. */
    @Test
    void blocksGiveTheInverseAtSizesThatRecurse() {
        for (int n : new int[] {SpdInverse.LEAF + 1, 401, 777}) {
            double[] a = gramLike(n, new SplittableRandom(n));
            double[] inverse = SpdInverse.invert(a, n);
            double worst = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < n; p++) {
                        sum += a[i * n + p] * inverse[p * n + j];
                    }
                    worst = Math.max(worst, Math.abs(sum - (i == j ? 1 : 0)));
                }
            }
            assertThat(worst).as("max |A·A⁻¹ − I| at n = %d", n).isLessThan(1e-9);
            assertThat(inverse[3 * n + 1]).isCloseTo(inverse[n + 3], within(1e-15));
        }
    }

    @Test
    void theBlocksAgreeWithThePlainLoops() {
        int n = 500;
        double[] a = gramLike(n, new SplittableRandom(3));
        double[] blocks = SpdInverse.invert(a, n);
        double[] loops = SpdInverse.leaf(a.clone(), n);
        for (int i = 0; i < n * n; i++) {
            assertThat(blocks[i]).isCloseTo(loops[i], within(1e-10));
        }
    }

    @Test
    void refusesAMatrixThatIsNotPositiveDefinite() {
        int n = 300;
        double[] a = gramLike(n, new SplittableRandom(5));
        a[250 * n + 250] = -1e6;
        assertThatThrownBy(() -> SpdInverse.invert(a, n)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpdInverse.invert(new double[5], 2)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Co-occurrence counts of random 0/1 rows plus λ = 50 on the diagonal, as EASE's matrix. */
    private static double[] gramLike(int n, SplittableRandom random) {
        int rows = 3 * n;
        double[] a = new double[n * n];
        int[] picked = new int[n];
        for (int r = 0; r < rows; r++) {
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (random.nextDouble() < 0.05) {
                    picked[count++] = i;
                }
            }
            for (int x = 0; x < count; x++) {
                for (int y = 0; y < count; y++) {
                    a[picked[x] * n + picked[y]] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            a[i * n + i] += 50;
        }
        return a;
    }
}
