package io.mfrecommender.benchmark;

import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exact scan with item factors stored as int8 (one scale per factor, transposed {@code k × n}),
 * a quarter of the float scan's memory traffic, for {@link CatalogueBenchmark} to weigh against the
 * float scan and the index: scores every item approximately, then the best {@code pool} are
 * re-scored in float by the caller. Kept in the benchmarks because it won nowhere (performance.md).
 */
final class QuantizedScan {

    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_64;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;

    private final byte[] codesT;
    private final float[] scales;
    private final int n;
    private final int k;

    /** @param rows item factors, row-major {@code n × k} */
    QuantizedScan(float[] rows, int n, int k) {
        this.n = n;
        this.k = k;
        scales = new float[k];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < k; f++) {
                scales[f] = Math.max(scales[f], Math.abs(rows[i * k + f]) / 127f);
            }
        }
        codesT = new byte[k * n];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < k; f++) {
                codesT[f * n + i] = scales[f] == 0 ? 0 : (byte) Math.round(rows[i * k + f] / scales[f]);
            }
        }
    }

    /** Approximate {@code q·h_j} for every item into {@code scores} (length n). */
    void scoreAll(float[] q, float[] scores) {
        Arrays.fill(scores, 0f);
        int lanes = FLOATS.length();
        for (int f = 0; f < k; f++) {
            float a = q[f] * scales[f];
            FloatVector weight = FloatVector.broadcast(FLOATS, a);
            int base = f * n;
            int j = 0;
            for (; j + lanes <= n; j += lanes) {
                FloatVector x = (FloatVector)
                        ByteVector.fromArray(BYTES, codesT, base + j).convertShape(VectorOperators.B2F, FLOATS, 0);
                x.fma(weight, FloatVector.fromArray(FLOATS, scores, j)).intoArray(scores, j);
            }
            for (; j < n; j++) {
                scores[j] += a * codesT[base + j];
            }
        }
    }

    long bytes() {
        return codesT.length;
    }
}
