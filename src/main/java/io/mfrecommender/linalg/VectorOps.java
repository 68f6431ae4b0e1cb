package io.mfrecommender.linalg;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD bodies of {@link Vectors} and {@link Gramian}. Loaded only when {@link Simd#AVAILABLE},
 * as this class links against the incubator module. The JIT does not vectorize the scalar loops
 * on its own here, as it cannot rule out that the arrays alias.
 *
 * <p>Shape: the hardware's preferred one ({@code SPECIES_PREFERRED}: 128 bits with SSE or NEON,
 * 256 with AVX2), capped at 256 bits: on AVX-512 hardware Java 17's C2 left the 512-bit stores of
 * these loops as boxed fallbacks, several times slower. {@code -Dmf.vector.bits=512} (or 128)
 * overrides the cap, for a newer JDK.
 */
public final class VectorOps {

    private static final VectorSpecies<Float> SPECIES = species(System.getProperty("mf.vector.bits"));
    private static final int LANES = SPECIES.length();

    private VectorOps() {}

    private static VectorSpecies<Float> species(String bits) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (bits == null || bits.isBlank()) {
            return preferred.vectorBitSize() > 256 ? FloatVector.SPECIES_256 : preferred;
        }
        return switch (bits.strip()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("mf.vector.bits must be 128, 256 or 512, got " + bits);
        };
    }

    static int bits() {
        return SPECIES.vectorBitSize();
    }

    /** The shape every SIMD kernel of the project uses, so that all of them agree on lane counts. */
    public static VectorSpecies<Float> species() {
        return SPECIES;
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
            FloatVector.fromArray(SPECIES, x, xOff + f)
                    .fma(a, FloatVector.fromArray(SPECIES, y, yOff + f))
                    .intoArray(y, yOff + f);
        }
        for (; f < n; f++) {
            y[yOff + f] += alpha * x[xOff + f];
        }
    }

    /** {@link Vectors#laneMaxima}: each chunk's eight vectors folded lane by lane. */
    static int laneMaxima(float[] x, int off, int n, float[] out) {
        int chunk = Vectors.GROUP * LANES;
        int chunks = n / chunk;
        for (int c = 0; c < chunks; c++) {
            int from = off + c * chunk;
            FloatVector max = FloatVector.fromArray(SPECIES, x, from);
            for (int v = 1; v < Vectors.GROUP; v++) {
                max = max.max(FloatVector.fromArray(SPECIES, x, from + v * LANES));
            }
            max.intoArray(out, c * LANES);
        }
        return chunks * LANES;
    }

    /**
     * {@link Vectors#atLeast} (and, with {@code orNaN}, {@link Vectors#notBelow}): lanes none of
     * which pass are passed over with one test.
     */
    static int atLeast(float[] x, int off, int n, float bound, int[] out, boolean orNaN) {
        int count = 0;
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            FloatVector lanes = FloatVector.fromArray(SPECIES, x, off + i);
            VectorMask<Float> reaching = lanes.compare(VectorOperators.GE, bound);
            if ((orNaN ? reaching.or(lanes.test(VectorOperators.IS_NAN)) : reaching).anyTrue()) {
                count = Vectors.atLeastScalar(x, off + i, LANES, bound, orNaN, out, count, i);
            }
        }
        return Vectors.atLeastScalar(x, off + i, n - i, bound, orNaN, out, count, i);
    }

    /**
     * {@link Vectors#addProducts} eight factors at a time (then four, then one): each lane of
     * {@code out} is loaded and stored once per eight multiply-adds instead of once per one, which
     * more than halved the scan of a MovieLens-sized catalogue (docs/performance.md). Every element
     * still adds its products in factor order, as {@link #axpy} adds them (fused in the lanes, not
     * in the tail), so the sums are the same to the bit.
     */
    static void addProducts(float[] v, int k, float[] mT, int n, float[] out) {
        products(v, k, mT, n, out, true);
    }

    /**
     * {@link Vectors#products}: {@link #addProducts} whose first pass starts each lane from zero
     * instead of loading it, which spares the caller a pass that clears {@code out}; the same sums
     * to the bit, as {@code 0 + x} is {@code x}.
     */
    static void products(float[] v, int k, float[] mT, int n, float[] out, boolean accumulate) {
        if (!accumulate && k < 8) {
            Arrays.fill(out, 0, n, 0f);
            accumulate = true;
        }
        int f = 0;
        for (; f + 7 < k; f += 8) {
            addEight(v, f, mT, n, out, accumulate);
            accumulate = true;
        }
        for (; f + 3 < k; f += 4) {
            addFour(v, f, mT, n, out);
        }
        for (; f < k; f++) {
            axpy(v[f], mT, f * n, out, 0, n);
        }
    }

    private static void addEight(float[] v, int f, float[] mT, int n, float[] out, boolean accumulate) {
        int upper = n - n % LANES;
        FloatVector a0 = FloatVector.broadcast(SPECIES, v[f]);
        FloatVector a1 = FloatVector.broadcast(SPECIES, v[f + 1]);
        FloatVector a2 = FloatVector.broadcast(SPECIES, v[f + 2]);
        FloatVector a3 = FloatVector.broadcast(SPECIES, v[f + 3]);
        FloatVector a4 = FloatVector.broadcast(SPECIES, v[f + 4]);
        FloatVector a5 = FloatVector.broadcast(SPECIES, v[f + 5]);
        FloatVector a6 = FloatVector.broadcast(SPECIES, v[f + 6]);
        FloatVector a7 = FloatVector.broadcast(SPECIES, v[f + 7]);
        int r = f * n;
        int i = 0;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (; i < upper; i += LANES) {
            FloatVector sum = accumulate ? FloatVector.fromArray(SPECIES, out, i) : zero;
            sum = FloatVector.fromArray(SPECIES, mT, r + i).fma(a0, sum);
            sum = FloatVector.fromArray(SPECIES, mT, r + n + i).fma(a1, sum);
            sum = FloatVector.fromArray(SPECIES, mT, r + 2 * n + i).fma(a2, sum);
            sum = FloatVector.fromArray(SPECIES, mT, r + 3 * n + i).fma(a3, sum);
            sum = FloatVector.fromArray(SPECIES, mT, r + 4 * n + i).fma(a4, sum);
            sum = FloatVector.fromArray(SPECIES, mT, r + 5 * n + i).fma(a5, sum);
            sum = FloatVector.fromArray(SPECIES, mT, r + 6 * n + i).fma(a6, sum);
            sum = FloatVector.fromArray(SPECIES, mT, r + 7 * n + i).fma(a7, sum);
            sum.intoArray(out, i);
        }
        if (!accumulate) {
            Arrays.fill(out, upper, n, 0f);
        }
        addTail(v, f, 8, mT, n, upper, out);
    }

    private static void addFour(float[] v, int f, float[] mT, int n, float[] out) {
        int upper = n - n % LANES;
        FloatVector a0 = FloatVector.broadcast(SPECIES, v[f]);
        FloatVector a1 = FloatVector.broadcast(SPECIES, v[f + 1]);
        FloatVector a2 = FloatVector.broadcast(SPECIES, v[f + 2]);
        FloatVector a3 = FloatVector.broadcast(SPECIES, v[f + 3]);
        int r = f * n;
        int i = 0;
        for (; i < upper; i += LANES) {
            FloatVector sum = FloatVector.fromArray(SPECIES, out, i);
            sum = FloatVector.fromArray(SPECIES, mT, r + i).fma(a0, sum);
            sum = FloatVector.fromArray(SPECIES, mT, r + n + i).fma(a1, sum);
            sum = FloatVector.fromArray(SPECIES, mT, r + 2 * n + i).fma(a2, sum);
            sum = FloatVector.fromArray(SPECIES, mT, r + 3 * n + i).fma(a3, sum);
            sum.intoArray(out, i);
        }
        addTail(v, f, 4, mT, n, upper, out);
    }

    /** The elements after the last whole lane, as axpy adds them: not fused. */
    private static void addTail(float[] v, int f, int factors, float[] mT, int n, int from, float[] out) {
        for (int i = from; i < n; i++) {
            for (int g = f; g < f + factors; g++) {
                out[i] += v[g] * mT[g * n + i];
            }
        }
    }

    /**
     * {@code a += w · x xᵀ} on the lower triangle (and, to whole lanes, a little of the upper) of
     * the {@code k × k} square {@code a}. One self-contained loop nest: the Vector API is only
     * compiled to SIMD when C2 inlines every vector operation into one method, which a chain of
     * small helpers per row defeated (boxed vectors, an order of magnitude slower).
     */
    static void addOuterLower(float[] a, float w, float[] x, int off, int k) {
        for (int f = 0; f < k; f++) {
            FloatVector c = FloatVector.broadcast(SPECIES, w * x[off + f]);
            int n = Math.min(k, (f + LANES) / LANES * LANES);
            int upper = n - n % LANES;
            int row = f * k;
            int g = 0;
            for (; g < upper; g += LANES) {
                FloatVector.fromArray(SPECIES, x, off + g)
                        .fma(c, FloatVector.fromArray(SPECIES, a, row + g))
                        .intoArray(a, row + g);
            }
            float cf = w * x[off + f];
            for (; g < n; g++) {
                a[row + g] += cf * x[off + g];
            }
        }
    }
}
