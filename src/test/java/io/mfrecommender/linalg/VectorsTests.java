package io.mfrecommender.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorsTests {

    @Test
    void dotAndAxpyMatchHandComputedValuesAtAnOffset() {
        float[] a = {9, 1, 2, 3};
        float[] b = {4, 5, 6, 9};
        assertThat(Vectors.dot(a, 1, b, 0, 3)).isEqualTo(1 * 4 + 2 * 5 + 3 * 6);
        float[] y = {1, 1, 1, 1};
        Vectors.axpy(2, a, 1, y, 1, 3);
        assertThat(y).containsExactly(1, 3, 5, 7);
    }

    /** Every length around the lane widths (8 and 16 floats), so the vector body and the tail both run. */
    @Test
    void vectorAndScalarPathsAgreeOnEveryLength() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n <= 70; n++) {
            float[] a = new float[n + 3];
            float[] b = new float[n + 5];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) random.nextGaussian();
            }
            assertThat(Vectors.dot(a, 3, b, 5, n)).isCloseTo(Vectors.dotScalar(a, 3, b, 5, n), within(1e-4f));
            float[] y1 = b.clone();
            float[] y2 = b.clone();
            Vectors.axpy(0.7f, a, 3, y1, 5, n);
            Vectors.axpyScalar(0.7f, a, 3, y2, 5, n);
            for (int i = 0; i < y1.length; i++) {
                assertThat(y1[i]).isCloseTo(y2[i], within(1e-5f));
            }
        }
    }

    /** v = [1, 2] against the rows [1, 0], [0, 1], [3, 4] stored transposed: scores 1, 2, 11. */
    @Test
    void addProductsScoresEveryRowOfATransposedMatrix() {
        float[] mT = {1, 0, 3, 0, 1, 4};
        float[] out = {10, 0, 0};
        Vectors.addProducts(new float[] {1, 2}, 2, mT, 3, out);
        assertThat(out).containsExactly(11, 2, 11);
    }

    /** The blocked scan adds each element's products in the same order as one axpy per factor: equal to the bit. */
    @Test
    void addProductsEqualsOneAxpyPerFactorExactly() {
        SplittableRandom random = new SplittableRandom(8);
        for (int k : new int[] {1, 3, 4, 7, 12, 13, 16, 64, 66}) {
            for (int n : new int[] {1, 7, 8, 17, 100, 3706}) {
                float[] v = new float[k];
                float[] mT = new float[k * n];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) random.nextGaussian();
                }
                for (int i = 0; i < mT.length; i++) {
                    mT[i] = (float) random.nextGaussian();
                }
                float[] blocked = new float[n];
                float[] byAxpy = new float[n];
                float[] scalar = new float[n];
                blocked[0] = byAxpy[0] = scalar[0] = 0.5f;
                Vectors.addProducts(v, k, mT, n, blocked);
                for (int f = 0; f < k; f++) {
                    Vectors.axpy(v[f], mT, f * n, byAxpy, 0, n);
                }
                Vectors.addProductsScalar(v, k, mT, n, scalar);
                assertThat(blocked).as("k %d, n %d", k, n).containsExactly(byAxpy);
                float[] fromZero = new float[n];
                Vectors.addProducts(v, k, mT, n, fromZero);
                float[] overwritten = new float[n];
                Arrays.fill(overwritten, Float.NaN);
                Vectors.products(v, k, mT, n, overwritten);
                assertThat(overwritten).as("k %d, n %d", k, n).containsExactly(fromZero);
                for (int i = 0; i < n; i++) {
                    assertThat(blocked[i]).isCloseTo(scalar[i], within(1e-4f));
                }
            }
        }
    }

    /** Lane maxima and the positions reaching a bound, on lanes and in plain loops, against each other and by hand. */
    @Test
    void laneMaximaAndAtLeastAgreeOnBothPaths() {
        float[] x = {9, 1, 5, 2, 3, 8, 7, 0, 4, 6};
        int[] at = new int[10];
        assertThat(Vectors.atLeast(x, 1, 9, 5, at)).isEqualTo(4);
        assertThat(Arrays.copyOf(at, 4)).containsExactly(1, 4, 5, 8);
        int lanes = Vectors.lanes();
        int chunk = Vectors.GROUP * lanes;
        // One chunk after an offset of 2: lane l's group is x[2 + v·lanes + l]; lane 0 holds a NaN
        // among threes, lane 1 only −∞, the other lanes v·lanes + l.
        float[] one = new float[2 + chunk + 5];
        for (int v = 0; v < Vectors.GROUP; v++) {
            for (int l = 0; l < lanes; l++) {
                one[2 + v * lanes + l] =
                        l == 0 ? (v == 4 ? Float.NaN : 3) : l == 1 ? Float.NEGATIVE_INFINITY : v * lanes + l;
            }
        }
        float[] maxima = new float[lanes];
        assertThat(Vectors.laneMaxima(one, 2, chunk + 5, maxima)).isEqualTo(lanes);
        assertThat(maxima[0]).isNaN();
        assertThat(maxima[1]).isEqualTo(Float.NEGATIVE_INFINITY);
        for (int l = 2; l < lanes; l++) {
            assertThat(maxima[l]).isEqualTo((Vectors.GROUP - 1) * lanes + l);
        }
        SplittableRandom random = new SplittableRandom(4);
        for (int n : new int[] {7, 8, 64, 100, 3706}) {
            float[] y = new float[n + 3];
            for (int i = 0; i < y.length; i++) {
                int kind = random.nextInt(10);
                y[i] = kind == 0 ? Float.NEGATIVE_INFINITY : kind == 1 ? Float.NaN : (float) random.nextGaussian();
            }
            float[] onLanes = new float[n / chunk * lanes];
            float[] inLoops = new float[n / chunk * lanes];
            assertThat(Vectors.laneMaxima(y, 3, n, onLanes))
                    .isEqualTo(Vectors.laneMaximaScalar(y, 3, n, lanes, inLoops));
            assertThat(onLanes).containsExactly(inLoops);
            int[] found = new int[n];
            int[] plain = new int[n];
            for (boolean orNaN : new boolean[] {false, true}) {
                int count = orNaN ? Vectors.notBelow(y, 3, n, 0.5f, found) : Vectors.atLeast(y, 3, n, 0.5f, found);
                assertThat(count).isEqualTo(Vectors.atLeastScalar(y, 3, n, 0.5f, orNaN, plain, 0, 0));
                assertThat(Arrays.copyOf(found, count)).containsExactly(Arrays.copyOf(plain, count));
            }
        }
    }

    /** X = [[1, 2], [3, 4], [0, 1]]: XᵀX = [[10, 14], [14, 21]]; and 2·[1, 2][1, 2]ᵀ = [[2, 4], [4, 8]]. */
    @Test
    void gramianByGemmAndByRankOneUpdates() {
        float[] gram = Gramian.of(new float[] {1, 2, 3, 4, 0, 1}, 3, 2);
        assertThat(gram).containsExactly(10, 14, 14, 21);
        float[] a = new float[4];
        Gramian.addOuterLower(a, 2, new float[] {7, 1, 2}, 1, 2);
        assertThat(a[0]).isEqualTo(2);
        assertThat(a[2]).isEqualTo(4);
        assertThat(a[3]).isEqualTo(8);
    }

    /** The lower triangle matches a plain double loop at sizes around the lane widths. */
    @Test
    void rankOneUpdatesFillTheLowerTriangleAtEverySize() {
        SplittableRandom random = new SplittableRandom(5);
        for (int k : new int[] {1, 7, 8, 15, 16, 17, 20, 32, 33, 64}) {
            float[] a = new float[k * k];
            double[] expected = new double[k * k];
            for (int row = 0; row < 5; row++) {
                float[] x = new float[k + 2];
                for (int f = 0; f < x.length; f++) {
                    x[f] = (float) random.nextGaussian();
                }
                float w = 0.5f + row;
                Gramian.addOuterLower(a, w, x, 2, k);
                for (int f = 0; f < k; f++) {
                    for (int g = 0; g <= f; g++) {
                        expected[f * k + g] += (double) w * x[2 + f] * x[2 + g];
                    }
                }
            }
            for (int f = 0; f < k; f++) {
                for (int g = 0; g <= f; g++) {
                    assertThat((double) a[f * k + g])
                            .as("k=%d (%d,%d)", k, f, g)
                            .isCloseTo(expected[f * k + g], within(1e-4));
                }
            }
        }
    }
}
