package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowsTests {

    private static final int STRIDE = 40; // five lanes: one sweep of four and one of one in the vector code

    private static float[] random(int n, SplittableRandom random) {
        float[] values = new float[n];
        for (int x = 0; x < n; x++) {
            values[x] = (float) random.nextGaussian();
        }
        return values;
    }

    @Test
    void sumsRowsThenScalesOnce() {
        float[] x = {1, 2, 3, 4, 5, 6}; // three rows of two
        float[] out = {10, 20, 30, 40};
        Rows.addScaledSumScalar(0.5f, x, new int[] {9, 2, 0, 9}, 1, 3, 2, out, 2);
        assertThat(out).containsExactly(10, 20, 30 + 0.5f * (5 + 1), 40 + 0.5f * (6 + 2));
    }

    @Test
    void addsOneVectorToManyRowsWithTheirOwnWeights() {
        float[] out = new float[6];
        Rows.scatterScaledScalar(2, new float[] {1, -1}, new int[] {2, 0}, 0, 2, new float[] {0.5f, 9, 3}, 2, out);
        assertThat(out).containsExactly(1, -1, 0, 0, 6, -6);
    }

    @Test
    void vectorAndScalarCodeAgree() {
        assumeThat(Kernels.VECTOR)
                .as("the Vector API is not enabled in this JVM")
                .isTrue();
        SplittableRandom random = new SplittableRandom(4);
        float[] x = random(10 * STRIDE, random);
        float[] scale = random(10, random);
        int[] rows = {3, 7, 7, 0, 9, 2};
        float[] vector = random(10 * STRIDE, new SplittableRandom(5));
        float[] scalar = vector.clone();
        VectorKernel.addScaledSum(0.3f, x, rows, 1, 6, STRIDE, vector, STRIDE);
        Rows.addScaledSumScalar(0.3f, x, rows, 1, 6, STRIDE, scalar, STRIDE);
        for (int f = 0; f < vector.length; f++) {
            assertThat(vector[f]).as("sum, element %d", f).isCloseTo(scalar[f], within(1e-5f));
        }
        float[] move = random(STRIDE, random);
        VectorKernel.scatterScaled(0.7f, move, rows, 0, 6, scale, STRIDE, vector);
        Rows.scatterScaledScalar(0.7f, move, rows, 0, 6, scale, STRIDE, scalar);
        for (int f = 0; f < vector.length; f++) {
            assertThat(vector[f]).as("scatter, element %d", f).isCloseTo(scalar[f], within(1e-5f));
        }
    }
}
