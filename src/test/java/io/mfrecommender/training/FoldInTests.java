package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.data.IdIndex;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelManifest;
import io.mfrecommender.model.RankerManifest;
import io.mfrecommender.model.RankingFactors;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldInTests {

    /**
     * Rating model, k = 1, μ = 3: items 0, 1, 2 with q = 1, 2, 0.5 and b = 0, 0.5, 0. Ranker, k = 2:
     * h = (1, 0), (0, 1), (1, 1), trained with α₀ = 0.5, λ = 0.1, ν = 1, every rating counted 1.
     */
    private static FactorModel model() {
        ModelManifest manifest = new ModelManifest(
                ModelManifest.FORMAT_VERSION,
                "fold",
                Instant.parse("2026-01-01T00:00:00Z"),
                "sgd",
                Map.of("regularization", 0.1, "biasRegularization", 0.1),
                1,
                "hand",
                "none",
                1,
                3,
                1,
                3,
                3.0,
                1,
                5,
                null,
                "test",
                null,
                0,
                null);
        FactorModel rating = new FactorModel(
                manifest,
                IdIndex.of(new long[] {1}),
                IdIndex.of(new long[] {10, 20, 30}),
                3f,
                new float[] {0f},
                new float[] {0f, 0.5f, 0f},
                new float[] {0f},
                new float[] {1f, 2f, 0.5f});
        RankerManifest ranker = new RankerManifest(
                "ials",
                2,
                Map.of("unobservedWeight", 0.5, "regularization", 0.1, "frequencyExponent", 1.0, "interactions", "all"),
                null);
        return rating.withRanker(
                new RankingFactors(ranker, 1, 3, new float[] {0f, 0f}, new float[] {1, 0, 0, 1, 1, 1}));
    }

    /**
     * Ratings 4 and 5 of items 0 and 1 (n = 2, so both penalties are 2 · 0.1 = 0.2):
     * <pre>
     *   z = (1, q): (1, 1) and (1, 2);   targets r − μ − b_i: 1 and 1.5
     *   A = Σ z zᵀ + diag(0.2, 0.2) = [[2.2, 3], [3, 5.2]],   rhs = (2.5, 4),   det = 2.44
     *   (b_u, p_u) = (5.2 · 2.5 − 3 · 4, −3 · 2.5 + 2.2 · 4) / 2.44 = (1, 1.3) / 2.44 = (0.409836, 0.532787)
     * </pre>
     */
    @Test
    void ratingModelBiasAndVectorAsComputedByHand() {
        FoldIn.Folded folded = FoldIn.forModel(model()).fold(new int[] {0, 1}, new float[] {4, 5});
        assertThat(folded.bias()).isCloseTo(1 / 2.44f, within(1e-5f));
        assertThat(folded.vector()[0]).isCloseTo(1.3f / 2.44f, within(1e-5f));
    }

    /** Items 0 and 2 chosen: the same system as AlsTrainerTests' hand case, w = (3.2, 0.35) / 5.6225. */
    @Test
    void rankerVectorIsTheTrainingUserStep() {
        FoldIn.Folded folded = FoldIn.forModel(model()).fold(new int[] {0, 2}, new float[] {3, 3});
        assertThat(folded.rankerVector()[0]).isCloseTo(3.2f / 5.6225f, within(1e-5f));
        assertThat(folded.rankerVector()[1]).isCloseTo(0.35f / 5.6225f, within(1e-5f));
    }

    /** Confidence 1 + 3 (r − 1)/4 for a version trained with weighted interactions, whether its manifest holds the enum or its name. */
    @Test
    void weightedVersionsWeighTheRatingsAsTrainingDid() {
        for (Object rule : new Object[] {AlsParameters.Interactions.WEIGHTED, "weighted"}) {
            FactorModel base = model();
            RankingFactors ranker = base.ranker().orElseThrow();
            RankerManifest weighted = new RankerManifest(
                    "ials",
                    2,
                    Map.of(
                            "unobservedWeight",
                            0.5,
                            "regularization",
                            0.1,
                            "frequencyExponent",
                            1.0,
                            "interactions",
                            rule,
                            "ratingWeight",
                            3.0),
                    null);
            FactorModel model = base.withManifest(base.manifest().withRanker(weighted));
            // Ratings 1 and 5: confidences 1 and 4. With 5 on item 2 this is the hand case with c₃ = 4 instead of 2.
            float[] w = FoldIn.forModel(model)
                    .fold(new int[] {0, 2}, new float[] {1, 5})
                    .rankerVector();
            // Σ c h hᵀ = [[5, 4], [4, 4]], b = (5, 4), A = [[6.35, 4.5], [4.5, 5.35]], det = 13.7225
            assertThat(w[0]).as(String.valueOf(rule)).isCloseTo((5.35f * 5 - 4.5f * 4) / 13.7225f, within(1e-5f));
            assertThat(w[1]).isCloseTo((-4.5f * 5 + 6.35f * 4) / 13.7225f, within(1e-5f));
            assertThat(ranker.factors()).isEqualTo(2);
        }
    }

    /**
     * Events beside the hand case's ratings of items 0 and 2 (EventWeights): one play of item 0 adds
     * 3 · (1 + ln 1) = 3 to its rating's confidence 1, so c₀ = 4:
     * <pre>
     *   Σ c h hᵀ = [[5, 1], [1, 1]], λ = 0.1 (2 + 0.5 · 3) = 0.35, A = [[6.35, 1.5], [1.5, 2.35]],
     *   b = (5, 1), det = 12.6725, w = (2.35 · 5 − 1.5, −1.5 · 5 + 6.35) / det = (10.25, −1.15) / 12.6725
     * </pre>
     * A "not interested" in item 1 (weight 4) is an observed zero: 4 h₁h₁ᵀ joins A, nothing joins b,
     * and n = 3:
     * <pre>
     *   A = [[2 + 1 + 0.45, 1.5], [1.5, 1 + 4 + 1 + 0.45]] = [[3.45, 1.5], [1.5, 6.45]], b = (2, 1),
     *   det = 20.0025, w = (6.45 · 2 − 1.5, −1.5 · 2 + 3.45) / det = (11.4, 0.45) / 20.0025
     * </pre>
     */
    @Test
    void eventsAddToTheRatingsConfidenceAndNotInterestedIsAnObservedZero() {
        FoldIn foldIn = FoldIn.forModel(model());
        double play = EventWeights.DEFAULTS.strength("play", 1);
        assertThat(play).isEqualTo(3.0);
        float[] w = foldIn.fold(
                        new int[] {0, 2},
                        new float[] {3, 3},
                        new FoldIn.RankerEvents(new int[] {0}, new float[] {(float) play}))
                .rankerVector();
        assertThat(w[0]).isCloseTo(10.25f / 12.6725f, within(1e-5f));
        assertThat(w[1]).isCloseTo(-1.15f / 12.6725f, within(1e-5f));

        float[] dismissed = foldIn.fold(
                        new int[] {0, 2}, new float[] {3, 3}, new FoldIn.RankerEvents(new int[] {1}, new float[] {-4f}))
                .rankerVector();
        assertThat(dismissed[0]).isCloseTo(11.4f / 20.0025f, within(1e-5f));
        assertThat(dismissed[1]).isCloseTo(0.45f / 20.0025f, within(1e-5f));
        // Its score falls below what the ratings alone gave it (0.35 / 5.6225 = 0.0622).
        assertThat(dismissed[1]).isLessThan(0.35f / 5.6225f);

        // Dismissing a rated movie overrides its rating: item 2 an observed zero, item 0 alone positive.
        float[] overridden = foldIn.fold(
                        new int[] {0, 2}, new float[] {3, 3}, new FoldIn.RankerEvents(new int[] {2}, new float[] {-1f}))
                .rankerVector();
        // Σ |c| h hᵀ = [[2, 1], [1, 1]] as before, b = (1, 0): w = (2.35, −1.5) / 5.6225
        assertThat(overridden[0]).isCloseTo(2.35f / 5.6225f, within(1e-5f));
        assertThat(overridden[1]).isCloseTo(-1.5f / 5.6225f, within(1e-5f));
    }

    @Test
    void aUserWithoutRatingsSitsAtTheOrigin() {
        FoldIn.Folded folded = FoldIn.forModel(model()).fold(new int[0], new float[0]);
        assertThat(folded.bias()).isZero();
        assertThat(folded.vector()).containsExactly(0f);
        assertThat(folded.rankerVector()).containsExactly(0f, 0f);
    }
}
