package io.mfrecommender.linalg;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The inverse of a symmetric positive definite matrix by blocks, so that nearly all the work is
 * matrix products (BLAS {@code gemm}, which runs near the cores' peak), not the row-at-a-time loops
 * that stream the whole matrix once per pivot. With {@code M = [A B; Bᵀ D]}, {@code W = A⁻¹B} and the
 * Schur complement {@code S = D − BᵀW} (positive definite when {@code M} is):
 *
 * <pre>
 * M⁻¹ = [A⁻¹ + W S⁻¹ Wᵀ   −W S⁻¹]
 *       [   −S⁻¹ Wᵀ         S⁻¹ ]
 * </pre>
 *
 * (Golub and Van Loan, "Matrix Computations", 4th ed., §3.2.10), recursively on {@code A} and
 * {@code S}; blocks of {@value #LEAF} or fewer rows go through {@link Cholesky}. About {@code 2n³/3}
 * multiply-adds, in {@code double}: the item Gram matrices of EASE have thousands of rows.
 */
public final class SpdInverse {

    /** Blocks at most this large are inverted by Cholesky in plain loops. */
    static final int LEAF = 192;

    private SpdInverse() {}

    /**
     * {@code a⁻¹} for a row-major symmetric positive definite {@code n × n} matrix, row-major.
     *
     * @throws IllegalArgumentException when {@code a} is not (numerically) positive definite
     */
    public static double[] invert(double[] a, int n) {
        if (a.length != (long) n * n) {
            throw new IllegalArgumentException("expected " + n + " × " + n + " values, got " + a.length);
        }
        if (n <= LEAF) {
            return leaf(a.clone(), n);
        }
        try (INDArray matrix = Nd4j.create(a, new long[] {n, n}, 'c')) {
            try (INDArray inverse = invert(matrix)) {
                return inverse.data().asDouble();
            }
        }
    }

    private static INDArray invert(INDArray m) {
        int n = (int) m.rows();
        if (n <= LEAF) {
            double[] values = m.dup('c').data().asDouble();
            return Nd4j.create(leaf(values, n), new long[] {n, n}, 'c');
        }
        int half = n / 2;
        INDArrayIndex top = NDArrayIndex.interval(0, half);
        INDArrayIndex rest = NDArrayIndex.interval(half, n);
        try (INDArray a = m.get(top, top).dup('c');
                INDArray b = m.get(top, rest).dup('c');
                INDArray d = m.get(rest, rest).dup('c');
                INDArray aInverse = invert(a);
                INDArray w = aInverse.mmul(b);
                INDArray bw = b.transpose().mmul(w);
                INDArray sInverse = invert(symmetric(d.subi(bw)));
                INDArray wS = w.mmul(sInverse)) {
            INDArray result = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'c');
            try (INDArray correction = wS.mmul(w.transpose())) {
                result.put(new INDArrayIndex[] {top, top}, symmetric(aInverse.addi(correction)));
            }
            result.put(new INDArrayIndex[] {top, rest}, wS.neg());
            result.put(new INDArrayIndex[] {rest, top}, wS.transpose().neg());
            result.put(new INDArrayIndex[] {rest, rest}, sInverse);
            return result;
        }
    }

    /** {@code (x + xᵀ)/2}: rounding in the products leaves the halves a few ulps apart. */
    private static INDArray symmetric(INDArray x) {
        return x.addi(x.transpose().dup('c')).muli(0.5);
    }

    /** Cholesky {@code A = L Lᵀ}, {@code L⁻¹} row by row, then {@code A⁻¹ = L⁻ᵀ L⁻¹}. */
    static double[] leaf(double[] a, int n) {
        if (!Cholesky.factor(a, n)) {
            throw new IllegalArgumentException("the matrix is not positive definite");
        }
        double[] m = new double[n * n]; // L⁻¹, lower triangular
        for (int i = 0; i < n; i++) {
            int row = i * n;
            m[row + i] = 1;
            for (int k = 0; k < i; k++) {
                double l = a[row + k];
                if (l != 0) {
                    int other = k * n;
                    for (int c = 0; c <= k; c++) {
                        m[row + c] -= l * m[other + c];
                    }
                }
            }
            double pivot = a[row + i];
            for (int c = 0; c <= i; c++) {
                m[row + c] /= pivot;
            }
        }
        double[] inverse = new double[n * n];
        for (int k = 0; k < n; k++) {
            int row = k * n;
            for (int x = 0; x <= k; x++) {
                double mx = m[row + x];
                if (mx == 0) {
                    continue;
                }
                int target = x * n;
                for (int y = 0; y <= x; y++) {
                    inverse[target + y] += mx * m[row + y];
                }
            }
        }
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < x; y++) {
                inverse[y * n + x] = inverse[x * n + y];
            }
        }
        return inverse;
    }
}
