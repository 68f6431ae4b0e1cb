package io.mfrecommender.linalg;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's native backend, started on purpose: its first use loads the native libraries and BLAS
 * (about a second), and startup reports that as a phase of its own instead of hiding it in
 * whatever happens to touch ND4J first.
 */
public final class Nd4jBackend {

    private Nd4jBackend() {}

    /** Loads the backend if it is not loaded yet; returns a short description of it. */
    public static String start() {
        Nd4j.create(new float[] {1f}, new long[] {1}, DataType.FLOAT).close();
        Blas blas = Nd4j.factory().blas();
        return Nd4j.getBackend().getClass().getSimpleName() + " with " + blas.getBlasVendor() + " BLAS on "
                + blas.getMaxThreads() + " threads";
    }
}
