package io.mfrecommender.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.TinyModel;
import org.junit.jupiter.api.Test;

/** Expected values follow from the scores written out in {@link TinyModel}'s comment. */
class EvaluatorTests {

    private final FactorModel model = TinyModel.create();

    @Test
    void accuracyUsesClippedPredictionsAndCountsColdRatingsApart() {
        Dataset test = new DatasetBuilder()
                .add(10, 100, 5, 0) // predicted 5 (score 5.75): error 0, raw error 0.75
                .add(20, 200, 4, 0) // predicted 3.5: error -0.5
                .add(99, 200, 2, 0) // unknown user: μ + b_i = 2.5, error 0.5 (cold)
                .build(null);
        Evaluation e = Evaluator.accuracy(model, test);
        assertThat(e.ratings()).isEqualTo(3);
        assertThat(e.rmse()).isCloseTo(Math.sqrt((0 + 0.25 + 0.25) / 3), within(1e-6));
        assertThat(e.mae()).isCloseTo(1.0 / 3, within(1e-6));
        assertThat(e.rmseUnclipped()).isCloseTo(Math.sqrt((0.5625 + 0.25 + 0.25) / 3), within(1e-6));
        assertThat(e.coldRatings()).isEqualTo(1);
        assertThat(e.coldRmse()).isCloseTo(0.5, within(1e-6));
        assertThat(e.warmRmse()).isCloseTo(Math.sqrt(0.25 / 2), within(1e-6));
        assertThat(e.asMap())
                .containsEntry("testRatings", 3L)
                .containsKey("rmse")
                .doesNotContainKey("rankingK");
    }

    @Test
    void rankingMetricsMatchAHandComputedExample() {
        // User 10 ranks 100 (5.75) > 200 (4.5) > 300 (3.5); user 20 ranks 200 (3.5) > 100 (2.25) > 300 (0).
        // Train: user 10 rated 200 (excluded from its candidates). Test: user 10 liked 300, user 20 liked 100.
        Dataset train =
                new DatasetBuilder().add(10, 200, 3, 0).add(20, 300, 1, 0).build(null);
        Dataset test = new DatasetBuilder()
                .add(10, 300, 5, 0)
                .add(20, 100, 4, 0)
                .add(20, 200, 2, 0)
                .build(null);
        RankingMetrics at1 = Evaluator.ranking(model, train, test, 1);
        // Top-1: user 10 → 100 (miss); user 20 → 200 (miss, rated 2 < 4).
        assertThat(at1.users()).isEqualTo(2);
        assertThat(at1.precision()).isZero();
        RankingMetrics at2 = Evaluator.ranking(model, train, test, 2);
        // Top-2: user 10 → [100, 300]: hit at rank 2; user 20 → [200, 100]: hit at rank 2.
        double dcg = 1 / (Math.log(3) / Math.log(2));
        assertThat(at2.precision()).isCloseTo(0.5, within(1e-9));
        assertThat(at2.recall()).isCloseTo(1.0, within(1e-9));
        assertThat(at2.ndcg()).isCloseTo(dcg, within(1e-9));
        assertThat(at2.threshold()).isEqualTo(4.0);
    }

    /**
     * Twenty pairs of movies, each pair rated by its own users (10 to 48 of them), each user also
     * rating one random movie: a list that names a movie's partner wins nearly every comparison with
     * a popularity-matched control; a constant most-popular list and a random list win half.
     */
    @Test
    void thePopularityMatchedWinRateIsAHalfForListsThatKnowOnlyPopularity() {
        DatasetBuilder builder = new DatasetBuilder();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        long user = 0;
        for (int pair = 0; pair < 20; pair++) {
            for (int r = 0; r < 10 + 2 * pair; r++) {
                user++;
                builder.add(user, 2 * pair, 4, 0).add(user, 2 * pair + 1, 4, 0);
                builder.add(user, random.nextInt(40), 3, 0);
            }
        }
        Dataset test = builder.build(null);
        long[] ids = new long[40];
        float[] popularity = new float[40];
        for (int i = 0; i < 40; i++) {
            ids[i] = i;
            popularity[i] = i; // the higher pairs are the more rated
        }
        io.mfrecommender.data.IdIndex items = io.mfrecommender.data.IdIndex.of(ids);
        Evaluator.SimilarLists partner = (item, top) -> {
            top[0] = items.indexOrMinusOne(ids[item] ^ 1);
            return 1;
        };
        Evaluator.SimilarLists randomList = (item, top) -> {
            int found = 0;
            while (found < top.length) {
                int pick = random.nextInt(40);
                if (pick != item) {
                    top[found++] = pick;
                }
            }
            return found;
        };
        assertThat(Evaluator.similarity(partner, items, test, 5).matched()).isGreaterThan(0.9);
        assertThat(Evaluator.similarity(Evaluator.constant(popularity), items, test, 5)
                        .matched())
                .isCloseTo(0.5, within(0.1));
        assertThat(Evaluator.similarity(randomList, items, test, 5).matched()).isCloseTo(0.5, within(0.1));
    }
}
