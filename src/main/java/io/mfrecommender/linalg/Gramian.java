package io.mfrecommender.linalg;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gramians {@code XᵀX} of factor matrices. The whole-matrix one is a single ND4J gemm (one JNI
 * call, multithreaded OpenBLAS, worth it at n × k² multiply-adds); the per-row rank-one updates
 * of a small k×k matrix stay in Java, where one native call would cost more than the arithmetic.
 */
public final class Gramian {

    private Gramian() {
    }

    /** {@code XᵀX} ({@code k × k}, row-major) of {@code x}, a row-major {@code n × k} matrix. */
    public static float[] of(float[] x, int n, int k) {
        if (x.length != (long) n * k) {
            throw new IllegalArgumentException("expected " + n + " × " + k + " values, got " + x.length);
        }
        if (n == 0) {
            return new float[k * k];
        }
        INDArray matrix = Nd4j.create(x, new long[] {n, k}, DataType.FLOAT);
        INDArray gram = Nd4j.create(DataType.FLOAT, k, k);
        Nd4j.gemm(matrix, matrix, gram, true, false, 1.0, 0.0);
        float[] result = gram.data().asFloat();
        matrix.close();
        gram.close();
        return result;
    }

    /** {@code a += w · x xᵀ} for the row {@code x[off .. off+k)}; {@code a} is a full {@code k × k} square. */
    public static void addOuter(float[] a, float w, float[] x, int off, int k) {
        for (int f = 0; f < k; f++) {
            Vectors.axpy(w * x[off + f], x, off, a, f * k, k);
        }
    }
}
