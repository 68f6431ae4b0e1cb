package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Split;
import io.mfrecommender.data.SplitStrategy;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.evaluation.Evaluation;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SgdTrainerTests {

    private static final Dataset DATA = new SyntheticRatings(400, 300, 30_000, 5, 0.4, 0.6, 0.8, 5).generate();
    private static final Split SPLIT = new SplitStrategy.Random(0.9).apply(DATA, 9);

    private static SgdParameters params() {
        return SgdParameters.defaults()
                .with(Map.of("factors", 16, "epochs", 40, "learningRate", 0.01, "initStd", 0.1, "threads", 2));
    }

    private static TrainingResult train(TrainingParameters p) {
        return Trainer.forAlgorithm(Algorithm.SGD).train(SPLIT.train(), p, TrainingListener.NONE, Cancellation.NONE);
    }

    @Test
    void learnsThePlantedStructureFarBetterThanTheMean() {
        TrainingResult result = train(params());
        Evaluation model = Evaluator.accuracy(result.model(), SPLIT.test());
        double mean = SPLIT.train().meanRating();
        double squared = 0;
        for (int row = 0; row < SPLIT.test().size(); row++) {
            squared += Math.pow(SPLIT.test().rating(row) - mean, 2);
        }
        double meanRmse = Math.sqrt(squared / SPLIT.test().size());
        assertThat(model.rmse()).isLessThan(meanRmse * 0.85);
        assertThat(result.model().manifest().algorithm()).isEqualTo("sgd");
        assertThat(result.model().factors()).isEqualTo(16);
    }

    @Test
    void implicitFeedbackHelpsWhereWhatUsersRateRevealsTheirTaste() {
        Dataset data = ChoosyRaters.generate();
        Split split = new SplitStrategy.Random(0.9).apply(data, 3);
        // Patience 30: with the defaults' 8 this small set stops while the factors are still leaving zero.
        SgdParameters p = params().with(Map.of("epochs", 300, "patience", 30, "initStd", 0.05));
        double plain = rmse(p.with(Map.of("implicitRate", 0)), split);
        double implicit = rmse(p, split);
        assertThat(p.implicitRate()).as("on by default").isPositive();
        // Measured: 0.605 without, 0.574 with implicit feedback.
        assertThat(implicit).isLessThan(plain - 0.015);
    }

    private static double rmse(TrainingParameters p, Split split) {
        FactorModel model = Trainer.forAlgorithm(Algorithm.SGD)
                .train(split.train(), p, TrainingListener.NONE, Cancellation.NONE)
                .model();
        return Evaluator.accuracy(model, split.test()).rmse();
    }

    @Test
    void sameSeedAndThreadsGiveIdenticalModelFiles(@TempDir Path dir) throws IOException {
        ModelStore store = new ModelStore(dir);
        FactorModel first = store.save(train(params()).model());
        FactorModel second = store.save(train(params()).model());
        for (String file : List.of(
                "user-factors.npy",
                "item-factors.npy",
                "user-bias.npy",
                "item-bias.npy",
                "user-ids.npy",
                "item-ids.npy")) {
            assertThat(Files.readAllBytes(dir.resolve(first.version()).resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(dir.resolve(second.version()).resolve(file)));
        }
        assertThat(second.manifest().withVersion("x").withEvaluation(null))
                .usingRecursiveComparison()
                .ignoringFields("createdAt")
                .isEqualTo(first.manifest().withVersion("x").withEvaluation(null));
    }

    @Test
    void otherSeedGivesAnotherModel() {
        FactorModel a = train(params()).model();
        FactorModel b = train(params().with(Map.of("seed", 7))).model();
        assertThat(a.userVector(0)).isNotEqualTo(b.userVector(0));
    }

    @Test
    void singleThreadedTrainingIsDeterministicToo() {
        SgdParameters p = params().with(Map.of("threads", 1, "epochs", 5));
        assertThat(train(p).model().itemVector(3)).isEqualTo(train(p).model().itemVector(3));
    }

    @Test
    void earlyStoppingKeepsTheBestEpochAndRefitsOnAllRatings() {
        List<EpochReport> reports = new ArrayList<>();
        SgdParameters p = params().with(Map.of(
                "epochs", 200, "learningRate", 0.05, "regularization", 0.0, "learningRateDecay", 1.0, "patience", 2));
        TrainingResult result =
                Trainer.forAlgorithm(Algorithm.SGD).train(SPLIT.train(), p, reports::add, Cancellation.NONE);
        List<EpochReport> search = reports.stream().filter(r -> !r.refit()).toList();
        List<EpochReport> refit = reports.stream().filter(EpochReport::refit).toList();
        assertThat(search.size()).isLessThan(200);
        EpochReport best = search.stream()
                .min((x, y) -> Double.compare(x.validationRmse(), y.validationRmse()))
                .orElseThrow();
        assertThat(result.bestEpoch()).isEqualTo(best.epoch());
        assertThat(search).hasSize(best.epoch() + p.patience());
        assertThat(refit).hasSize(best.epoch());
        assertThat(refit).allMatch(r -> Double.isNaN(r.validationRmse()));
        assertThat(result.ratingUpdates())
                .isEqualTo((long) search.size() * Math.round(SPLIT.train().size() * 0.95)
                        + (long) refit.size() * SPLIT.train().size());
    }

    @Test
    void withoutRefitTheModelHoldsTheBestValidationEpoch() {
        SgdParameters p = params().with(Map.of("refit", false, "epochs", 30));
        List<EpochReport> reports = new ArrayList<>();
        TrainingResult result =
                Trainer.forAlgorithm(Algorithm.SGD).train(SPLIT.train(), p, reports::add, Cancellation.NONE);
        assertThat(reports).noneMatch(EpochReport::refit);
        assertThat(result.model().users().size())
                .isEqualTo(SPLIT.train().compacted().users().size());
    }

    @Test
    void cancellationIsHonouredWithinOneEpoch() {
        boolean[] cancelled = {false};
        List<EpochReport> reports = new ArrayList<>();
        TrainingListener cancelAfterFirstEpoch = report -> {
            reports.add(report);
            cancelled[0] = true;
        };
        assertThatThrownBy(() -> Trainer.forAlgorithm(Algorithm.SGD)
                        .train(SPLIT.train(), params(), cancelAfterFirstEpoch, () -> cancelled[0]))
                .isInstanceOf(TrainingCancelledException.class)
                .hasMessage("training cancelled during epoch 2");
        assertThat(reports).hasSize(1);
    }

    @Test
    void divergenceIsReportedWithAdvice() {
        SgdParameters p = params().with(Map.of("learningRate", 5, "initStd", 10, "validationFraction", 0));
        assertThatThrownBy(() -> train(p))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("diverged")
                .hasMessageContaining("lower the learning rate");
    }

    @Test
    void reportsEveryEpochWithTiming() {
        List<EpochReport> reports = new ArrayList<>();
        SgdParameters p = params().with(Map.of("epochs", 3, "validationFraction", 0));
        TrainingResult result =
                Trainer.forAlgorithm(Algorithm.SGD).train(SPLIT.train(), p, reports::add, Cancellation.NONE);
        assertThat(reports).extracting(EpochReport::epoch).containsExactly(1, 2, 3);
        assertThat(reports.get(2).learningRate()).isLessThan(reports.get(0).learningRate());
        assertThat(result.trainSeconds()).isPositive();
        assertThat(result.nanosPerRatingUpdate()).isPositive();
        assertThat(Stream.of(reports.get(0).trainLoss(), reports.get(2).trainLoss()))
                .allMatch(Double::isFinite);
        assertThat(reports.get(2).trainLoss()).isLessThan(reports.get(0).trainLoss());
    }
}
