package io.mfrecommender.training;

import io.mfrecommender.linalg.Simd;

/** Which SGD kernel this JVM can run: the Vector API one when its incubator module is present. */
final class Kernels {

    /** True when the Vector API can be used (see {@link Simd}). */
    static final boolean VECTOR = Simd.AVAILABLE;

    private Kernels() {}

    static String name() {
        return Simd.kernelName();
    }

    /** Row stride for {@code factors}: padded to whole SIMD lanes for the vector kernel. */
    static int stride(int factors) {
        return VECTOR ? (factors + VectorKernel.LANES - 1) / VectorKernel.LANES * VectorKernel.LANES : factors;
    }
}
