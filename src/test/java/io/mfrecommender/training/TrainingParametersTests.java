package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingParametersTests {

    private final TrainingParameters sgd = TrainingParameters.defaults(Algorithm.SGD);

    @Test
    void adamDefaultsAreTheSeedNotebooksRecipe() {
        TrainingParameters adam = TrainingParameters.defaults(Algorithm.ADAM);
        assertThat(adam.factors()).isEqualTo(20);
        assertThat(adam.epochs()).isEqualTo(10);
        assertThat(adam.learningRate()).isEqualTo(0.01);
        assertThat(adam.batchSize()).isEqualTo(64);
        assertThat(adam.initStd()).isEqualTo(1.0);
        assertThat(adam.regularization()).isZero();
        assertThat(adam.validationFraction()).isZero();
    }

    @Test
    void rejectsNonsenseWithTheParameterNamed() {
        assertThatThrownBy(() -> sgd.toBuilder().factors(0).build()).hasMessage("factors must be between 1 and 1024, got 0");
        assertThatThrownBy(() -> sgd.toBuilder().learningRate(Double.NaN).build()).hasMessageStartingWith("learningRate must be a number in (0, 10]");
        assertThatThrownBy(() -> sgd.toBuilder().learningRate(-1).build()).hasMessageStartingWith("learningRate");
        assertThatThrownBy(() -> sgd.toBuilder().regularization(-0.1).build()).hasMessageStartingWith("regularization must be a finite number >= 0");
        assertThatThrownBy(() -> sgd.toBuilder().learningRateDecay(0).build()).hasMessageStartingWith("learningRateDecay");
        assertThatThrownBy(() -> sgd.toBuilder().validationFraction(0.7).build()).hasMessageStartingWith("validationFraction");
        assertThatThrownBy(() -> sgd.toBuilder().epochs(100_000).build()).hasMessageStartingWith("epochs must be between 1 and 1000");
        assertThatThrownBy(() -> sgd.toBuilder().threads(0).build()).hasMessageStartingWith("threads");
        assertThatThrownBy(() -> sgd.toBuilder().implicitRate(-1).build())
                .hasMessage("implicitRate must be a number in [0, 100], got -1.0");
        assertThatThrownBy(() -> sgd.toBuilder().implicitRate(Double.NaN).build()).hasMessageStartingWith("implicitRate");
        assertThatThrownBy(() -> sgd.toBuilder().implicitRegularization(Double.POSITIVE_INFINITY).build())
                .hasMessageStartingWith("implicitRegularization must be a finite number >= 0");
    }

    @Test
    void sgdLearnsFromImplicitFeedbackByDefaultAndAdamNever() {
        assertThat(sgd.implicitRate()).isEqualTo(2.0);
        assertThat(sgd.implicitRegularization()).isEqualTo(0.01);
        assertThat(TrainingParameters.defaults(Algorithm.ADAM).implicitRate()).isZero();
    }

    @Test
    void serviceSettingsOverrideOnlyWhatTheyName() {
        TrainingParameters plain = new TrainingProperties(Algorithm.SGD, null, null, 7, null, 0.0).toParameters();
        assertThat(plain.implicitRate()).isZero();
        assertThat(plain.seed()).isEqualTo(7);
        assertThat(plain.factors()).isEqualTo(sgd.factors());
        TrainingParameters adam = new TrainingProperties(Algorithm.ADAM, 8, null, 42, null, 2.0).toParameters();
        assertThat(adam.implicitRate()).as("adam has no implicit feedback").isZero();
        assertThat(adam.factors()).isEqualTo(8);
    }

    @Test
    void refusesModelsThatWouldExhaustTheHeapBeforeAllocating() {
        TrainingParameters huge = sgd.toBuilder().factors(1024).build();
        assertThatThrownBy(() -> huge.checkFits(200_000_000, 1_000_000))
                .hasMessageContaining("need about").hasMessageContaining("lower factors or raise -Xmx");
    }

    @Test
    void listsEveryParameterByName() {
        assertThat(sgd.asMap()).containsKeys("algorithm", "factors", "epochs", "learningRate", "regularization",
                "biasRegularization", "implicitRate", "implicitRegularization", "learningRateDecay", "initStd", "batchSize", "validationFraction", "patience",
                "refit", "seed", "threads").containsEntry("algorithm", "sgd");
        assertThat(Algorithm.parse(" ADAM ")).isEqualTo(Algorithm.ADAM);
        assertThatThrownBy(() -> Algorithm.parse("als")).hasMessage("unknown algorithm 'als'; use sgd or adam");
    }
}
