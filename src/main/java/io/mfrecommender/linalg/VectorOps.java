package io.mfrecommender.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD bodies of {@link Vectors}, at the widest shape the hardware offers
 * ({@code SPECIES_PREFERRED}: 512 bits with AVX-512, 256 with AVX2). Loaded only when
 * {@link Simd#AVAILABLE}, as this class links against the incubator module. The JIT does not
 * vectorize the scalar loops on its own here, as it cannot rule out that the arrays alias.
 */
final class VectorOps {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorOps() {
    }

    static int bits() {
        return SPECIES.vectorBitSize();
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int upper = n - n % LANES;
        FloatVector sum = FloatVector.zero(SPECIES);
        int f = 0;
        for (; f < upper; f += LANES) {
            sum = FloatVector.fromArray(SPECIES, a, aOff + f).fma(FloatVector.fromArray(SPECIES, b, bOff + f), sum);
        }
        float result = sum.reduceLanes(VectorOperators.ADD);
        for (; f < n; f++) {
            result += a[aOff + f] * b[bOff + f];
        }
        return result;
    }

    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int upper = n - n % LANES;
        FloatVector a = FloatVector.broadcast(SPECIES, alpha);
        int f = 0;
        for (; f < upper; f += LANES) {
            FloatVector.fromArray(SPECIES, x, xOff + f).fma(a, FloatVector.fromArray(SPECIES, y, yOff + f))
                    .intoArray(y, yOff + f);
        }
        for (; f < n; f++) {
            y[yOff + f] += alpha * x[xOff + f];
        }
    }
}
