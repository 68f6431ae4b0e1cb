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
}
