package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.RatingsReader;
import io.mfrecommender.data.SharedData;
import io.mfrecommender.data.Split;
import io.mfrecommender.data.SplitStrategy;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.evaluation.Evaluation;
import io.mfrecommender.evaluation.Evaluator;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class AdamTrainerTests {

    @Test
    void sparseAdamStepMatchesTheFormulaAndCoalescesRepeatedRows() {
        float[] weights = {1f, 2f};
        AdamTrainer.SparseAdam adam = new AdamTrainer.SparseAdam(weights, 1);
        // Row 0 appears twice in the batch: its gradients add up to 0.5·3 + 0.5·3 = 3.
        adam.accumulate(0, new float[] {3f}, 0, 0.5f);
        adam.accumulate(0, new float[] {3f}, 0, 0.5f);
        double lr = 0.01;
        double stepSize = lr * Math.sqrt(1 - 0.999) / (1 - 0.9); // step 1
        adam.apply((float) stepSize);
        double m = 0.1 * 3;
        double v = 0.001 * 9;
        assertThat((double) weights[0]).isCloseTo(1 - stepSize * m / (Math.sqrt(v) + 1e-8), within(1e-6));
        assertThat((double) weights[0]).isCloseTo(1 - lr, within(1e-6)); // Adam's first step moves by ≈ lr
        assertThat(weights[1]).isEqualTo(2f);

        // Step 2 touches only row 1: row 0 keeps both its weight and its moments.
        adam.accumulate(1, new float[] {1f}, 0, -2f);
        double stepSize2 = lr * Math.sqrt(1 - Math.pow(0.999, 2)) / (1 - Math.pow(0.9, 2));
        adam.apply((float) stepSize2);
        assertThat((double) weights[0]).isCloseTo(1 - lr, within(1e-6));
        double m1 = 0.1 * -2;
        double v1 = 0.001 * 4;
        assertThat((double) weights[1]).isCloseTo(2 - stepSize2 * m1 / (Math.sqrt(v1) + 1e-8), within(1e-6));
    }

    @Test
    void trainsTheUnbiasedDotProductModelDeterministically() {
        Dataset data = new SyntheticRatings(300, 200, 12_000, 4, 0.4, 0.5, 0.7, 3).generate();
        TrainingParameters p = AdamParameters.defaults().with(Map.of("epochs", 3));
        TrainingResult a =
                Trainer.forAlgorithm(Algorithm.ADAM).train(data, p, TrainingListener.NONE, Cancellation.NONE);
        TrainingResult b =
                Trainer.forAlgorithm(Algorithm.ADAM).train(data, p, TrainingListener.NONE, Cancellation.NONE);
        assertThat(a.model().globalMean()).isZero();
        assertThat(a.model().userBias(0)).isZero();
        assertThat(a.model().itemBias(0)).isZero();
        assertThat(a.model().factors()).isEqualTo(20);
        assertThat(a.model().userVector(5)).isEqualTo(b.model().userVector(5));
        assertThat(a.epochs()).hasSize(3);
        assertThat(a.epochs().get(2).trainLoss()).isLessThan(a.epochs().get(0).trainLoss());
    }

    @Test
    void cancellationIsHonouredWithinOneEpoch() {
        Dataset data = new SyntheticRatings(300, 200, 12_000, 4, 0.4, 0.5, 0.7, 3).generate();
        boolean[] cancelled = {false};
        Assertions.assertThatThrownBy(() -> Trainer.forAlgorithm(Algorithm.ADAM)
                        .train(
                                data,
                                TrainingParameters.defaults(Algorithm.ADAM),
                                report -> cancelled[0] = true,
                                () -> cancelled[0]))
                .isInstanceOf(TrainingCancelledException.class)
                .hasMessage("training cancelled during epoch 2");
    }

    @Test
    void reproducesTheNotebookOnMovieLens100k() {
        // PyTorch reference for this recipe on MovieLens 100K, random 70/30: validation RMSE 1.38–1.40.
        Dataset ratings = new RatingsReader(ParseMode.STRICT, null)
                .read(SharedData.require("ml-100k/u.data"))
                .dataset();
        Split split = new SplitStrategy.Random(0.7).apply(ratings, 42);
        TrainingParameters p = TrainingParameters.defaults(Algorithm.ADAM);
        TrainingResult result =
                Trainer.forAlgorithm(Algorithm.ADAM).train(split.train(), p, TrainingListener.NONE, Cancellation.NONE);
        Evaluation evaluation = Evaluator.accuracy(result.model(), split.test());
        assertThat(evaluation.rmseUnclipped()).isBetween(1.33, 1.45);
        assertThat(result.epochs().get(9).trainLoss()).isLessThan(evaluation.rmseUnclipped()); // it overfits
    }
}
