package io.mfrecommender.training;

import io.mfrecommender.model.Simd;

/** Which SGD kernel this JVM can run: the Vector API one when its incubator module is present. */
final class Kernels {

    /** True when the Vector API can be used (see {@link Simd}). */
    static final boolean VECTOR = Simd.AVAILABLE;

    private Kernels() {
    }

    private static volatile boolean warm;

    /**
     * Runs the vector kernel on a small made-up problem until the JIT has compiled it. Until
     * then the Vector API runs interpreted, tens of times slower; without this the first epoch of
     * the first training in a JVM pays ~0.3 s. Returns the seconds spent (0 when already warm).
     */
    static synchronized double warmUp() {
        if (!VECTOR || warm) {
            return 0;
        }
        long start = System.nanoTime();
        int rows = 64;
        int chunk = 64;
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        TrainingState state = new TrainingState(rows, rows, 20, stride(20), 3f, 0.01, random);
        int[] users = new int[chunk];
        int[] items = new int[chunk];
        float[] ratings = new float[chunk];
        for (int k = 0; k < chunk; k++) {
            users[k] = random.nextInt(rows);
            items[k] = random.nextInt(rows);
            ratings[k] = 1 + random.nextInt(5);
        }
        for (int round = 0; round < 20_000; round++) {
            VectorKernel.update(0, chunk, users, items, ratings, state, 0.001f, 0.9999f, 0.9999f);
        }
        warm = true;
        return (System.nanoTime() - start) / 1e9;
    }

    static String name() {
        return VECTOR ? "vector256" : "scalar";
    }

    /** Row stride for {@code factors}: padded to whole SIMD lanes for the vector kernel. */
    static int stride(int factors) {
        return VECTOR ? (factors + VectorKernel.LANES - 1) / VectorKernel.LANES * VectorKernel.LANES : factors;
    }
}
