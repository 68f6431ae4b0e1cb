package io.mfrecommender.linalg;

/**
 * Whether the JDK's Vector API can be used. It is an incubator module in Java 17, present only
 * when the JVM runs with {@code --add-modules jdk.incubator.vector} (as the Maven build, the
 * Dockerfile and the README's commands do). Without it, or with {@code -Dmf.simd=false}, the
 * plain Java loops run instead: the same results within float rounding, several times slower.
 */
public final class Simd {

    public static final boolean AVAILABLE =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    && !"false".equals(System.getProperty("mf.simd"));

    private Simd() {}

    /** The kernel family in use, as recorded in model manifests: {@code vector<bits>} or {@code scalar}. */
    public static String kernelName() {
        return AVAILABLE ? "vector" + VectorOps.bits() : "scalar";
    }
}
