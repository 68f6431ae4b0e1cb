package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.data.IdIndex;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelManifest;
import io.mfrecommender.model.RankerManifest;
import io.mfrecommender.model.RankingFactors;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The movie-side fold-in is the user side transposed: FoldInTests' hand cases with users and items swapped. */
class ItemFoldInTests {

    /**
     * Rating model, k = 1, μ = 3: users 0, 1, 2 with p = 1, 2, 0.5 and b = 0, 0.5, 0 (FoldInTests'
     * items, as users). Ranker, k = 2: w = (1, 0), (0, 1), (1, 1), α₀ = 0.5, λ = 0.1, ν = 1, every rating counted 1.
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
                3,
                1,
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
                IdIndex.of(new long[] {10, 20, 30}),
                IdIndex.of(new long[] {1}),
                3f,
                new float[] {0f, 0.5f, 0f},
                new float[] {0f},
                new float[] {1f, 2f, 0.5f},
                new float[] {0f});
        RankerManifest ranker = new RankerManifest(
                "ials",
                2,
                Map.of("unobservedWeight", 0.5, "regularization", 0.1, "frequencyExponent", 1.0, "interactions", "all"),
                null);
        return rating.withRanker(
                new RankingFactors(ranker, 3, 1, new float[] {1, 0, 0, 1, 1, 1}, new float[] {0f, 0f}));
    }

    /**
     * Users 0 and 1 rated the movie 4 and 5: FoldInTests' system,
     * {@code (b_i, q_i) = (1, 1.3) / 2.44 = (0.409836, 0.532787)}.
     */
    @Test
    void ratingModelBiasAndVectorAsComputedByHand() {
        ItemFoldIn folding = ItemFoldIn.forModel(model());
        ItemFoldIn.Placed placed = folding.place(List.of(folding.trainedRater(0, 4), folding.trainedRater(1, 5)));
        assertThat(placed.bias()).isCloseTo(1 / 2.44f, within(1e-5f));
        assertThat(placed.vector()[0]).isCloseTo(1.3f / 2.44f, within(1e-5f));
    }

    /** Users 0 and 2 chose it: the training item step, {@code h = (3.2, 0.35) / 5.6225}. */
    @Test
    void rankerVectorIsTheTrainingItemStep() {
        ItemFoldIn folding = ItemFoldIn.forModel(model());
        ItemFoldIn.Placed placed = folding.place(List.of(folding.trainedRater(0, 3), folding.trainedRater(2, 3)));
        assertThat(placed.rankerVector()[0]).isCloseTo(3.2f / 5.6225f, within(1e-5f));
        assertThat(placed.rankerVector()[1]).isCloseTo(0.35f / 5.6225f, within(1e-5f));
    }

    /** A rater folded in after training counts with their own vectors, exactly as a trained one with the same. */
    @Test
    void aFoldedInRaterCountsByTheirOwnVectors() {
        ItemFoldIn folding = ItemFoldIn.forModel(model());
        ItemFoldIn.Placed viaTrained = folding.place(List.of(folding.trainedRater(0, 4), folding.trainedRater(1, 5)));
        ItemFoldIn.Placed viaOwn = folding.place(List.of(
                new ItemFoldIn.Rater(0f, new float[] {1f}, new float[] {1, 0}, 4),
                new ItemFoldIn.Rater(0.5f, new float[] {2f}, new float[] {0, 1}, 5)));
        assertThat(viaOwn.bias()).isCloseTo(viaTrained.bias(), within(1e-6f));
        assertThat(viaOwn.vector()[0]).isCloseTo(viaTrained.vector()[0], within(1e-6f));
        assertThat(viaOwn.rankerVector()).containsExactly(viaTrained.rankerVector());
    }

    @Test
    void aMovieWithoutRatingsScoresAsTheBaseline() {
        ItemFoldIn.Placed placed = ItemFoldIn.forModel(model()).place(List.of());
        assertThat(placed.bias()).isZero();
        assertThat(placed.vector()).containsOnly(0f);
        assertThat(placed.rankerVector()).containsOnly(0f);
    }
}
