package io.mfrecommender.model;

import io.mfrecommender.data.IdIndex;
import java.time.Instant;
import java.util.Map;

/**
 * A model small enough to check every score by hand (scale 1..5, μ = 3, k = 2):
 * <pre>
 *   user 10: b =  0.5, p = ( 1.0, 0.5)        item 100: b =  0.25, q = ( 2.0,  0.0)
 *   user 20: b = -1.0, p = ( 0.0, 2.0)        item 200: b = -0.5,  q = ( 1.0,  1.0)
 *                                             item 300: b =  0.0,  q = ( 0.5, -1.0)
 *
 *   score(u, i) = μ + b_u + b_i + p_u·q_i
 *   (10,100) = 3 + 0.5 + 0.25 + 2.0 = 5.75   → predicted 5 (clipped)
 *   (10,200) = 3 + 0.5 - 0.5  + 1.5 = 4.5
 *   (10,300) = 3 + 0.5 + 0    + 0.0 = 3.5
 *   (20,100) = 3 - 1.0 + 0.25 + 0.0 = 2.25
 *   (20,200) = 3 - 1.0 - 0.5  + 2.0 = 3.5
 *   (20,300) = 3 - 1.0 + 0    - 2.0 = 0.0    → predicted 1 (clipped)
 *   unknown user, item 200: μ + b_i = 2.5;  user 10, unknown item: μ + b_u = 3.5
 * </pre>
 */
public final class TinyModel {

    private TinyModel() {}

    public static FactorModel create() {
        ModelManifest manifest = new ModelManifest(
                ModelManifest.FORMAT_VERSION,
                "tiny",
                Instant.parse("2026-01-01T00:00:00Z"),
                "sgd",
                Map.of("factors", 2),
                1,
                "hand-written",
                "none",
                2,
                3,
                2,
                6,
                3.0,
                1,
                5,
                null,
                "test",
                null,
                0,
                null);
        return new FactorModel(
                manifest,
                IdIndex.of(new long[] {10, 20}),
                IdIndex.of(new long[] {100, 200, 300}),
                3f,
                new float[] {0.5f, -1f},
                new float[] {0.25f, -0.5f, 0f},
                new float[] {1f, 0.5f, 0f, 2f},
                new float[] {2f, 0f, 1f, 1f, 0.5f, -1f});
    }
}
