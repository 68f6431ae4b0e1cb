package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingParametersTests {

    private final SgdParameters sgd = SgdParameters.defaults();

    @Test
    void adamDefaultsAreTheSeedNotebooksRecipe() {
        AdamParameters adam = AdamParameters.defaults();
        assertThat(adam.factors()).isEqualTo(20);
        assertThat(adam.epochs()).isEqualTo(10);
        assertThat(adam.learningRate()).isEqualTo(0.01);
        assertThat(adam.batchSize()).isEqualTo(64);
        assertThat(adam.initStd()).isEqualTo(1.0);
        assertThat(adam.validationFraction()).isZero();
        assertThat(adam.threads()).as("sequential").isEqualTo(1);
    }

    @Test
    void rejectsNonsenseWithTheParameterNamed() {
        assertThatThrownBy(() -> sgd.with(Map.of("factors", 0)))
                .hasMessage("factors must be between 1 and 1024, got 0");
        assertThatThrownBy(() -> sgd.with(Map.of("learningRate", Double.NaN)))
                .hasMessageStartingWith("learningRate must be a number in (0, 10]");
        assertThatThrownBy(() -> sgd.with(Map.of("learningRate", -1))).hasMessageStartingWith("learningRate");
        assertThatThrownBy(() -> sgd.with(Map.of("regularization", -0.1)))
                .hasMessageStartingWith("regularization must be a finite number >= 0");
        assertThatThrownBy(() -> sgd.with(Map.of("learningRateDecay", 0))).hasMessageStartingWith("learningRateDecay");
        assertThatThrownBy(() -> sgd.with(Map.of("validationFraction", 0.7)))
                .hasMessageStartingWith("validationFraction");
        assertThatThrownBy(() -> sgd.with(Map.of("epochs", 100_000)))
                .hasMessageStartingWith("epochs must be between 1 and 1000");
        assertThatThrownBy(() -> sgd.with(Map.of("threads", 0))).hasMessageStartingWith("threads");
        assertThatThrownBy(() -> sgd.with(Map.of("implicitRate", -1)))
                .hasMessage("implicitRate must be a number in [0, 100], got -1.0");
        assertThatThrownBy(() -> sgd.with(Map.of("implicitRate", Double.NaN))).hasMessageStartingWith("implicitRate");
        assertThatThrownBy(() -> sgd.with(Map.of("implicitRegularization", Double.POSITIVE_INFINITY)))
                .hasMessageStartingWith("implicitRegularization must be a finite number >= 0");
    }

    /** The binding the CLI, the configuration and the API share: a typo or a loose value never trains with a default. */
    @Test
    void refusesUnknownNamesAndLooselyTypedValuesNamingTheParameter() {
        assertThatThrownBy(() -> sgd.with(Map.of("learnRate", 0.1)))
                .hasMessageStartingWith("unknown parameter 'learnRate' for sgd; known: biasRegularization, epochs");
        assertThatThrownBy(() -> AdamParameters.defaults().with(Map.of("threads", 2)))
                .hasMessageStartingWith("unknown parameter 'threads' for adam");
        assertThatThrownBy(() -> sgd.with(Map.of("factors", 1.5)))
                .hasMessage("factors expects a whole number, got 1.5");
        assertThatThrownBy(() -> sgd.with(Map.of("factors", "16")))
                .hasMessage("factors expects a whole number, got '16'");
        assertThatThrownBy(() -> sgd.with(Map.of("refit", "yes"))).hasMessage("refit expects true or false, got 'yes'");
    }

    @Test
    void changesOnlyWhatIsNamed() {
        SgdParameters changed = sgd.with(Map.of("factors", 16L, "learningRate", 1));
        assertThat(changed.factors()).isEqualTo(16);
        assertThat(changed.learningRate()).isEqualTo(1.0);
        assertThat(changed.with(Map.of("factors", sgd.factors(), "learningRate", sgd.learningRate())))
                .isEqualTo(sgd);
        assertThat(sgd.with(Map.of())).isSameAs(sgd);
    }

    @Test
    void sgdLearnsFromImplicitFeedbackByDefault() {
        assertThat(sgd.implicitRate()).isEqualTo(2.0);
        assertThat(sgd.implicitRegularization()).isEqualTo(0.01);
    }

    @Test
    void serviceSettingsOverrideOnlyWhatTheyName() {
        SgdParameters plain =
                (SgdParameters) new TrainingProperties(Algorithm.SGD, null, null, 7, null, 0.0, null).toParameters();
        assertThat(plain.implicitRate()).isZero();
        assertThat(plain.seed()).isEqualTo(7);
        assertThat(plain.factors()).isEqualTo(sgd.factors());
        TrainingParameters adam = new TrainingProperties(Algorithm.ADAM, 8, null, 42, 2, 2.0, null).toParameters();
        assertThat(adam).as("adam has no implicit feedback and no threads").isInstanceOf(AdamParameters.class);
        assertThat(adam.factors()).isEqualTo(8);
    }

    @Test
    void refusesModelsThatWouldExhaustTheHeapBeforeAllocating() {
        SgdParameters huge = sgd.with(Map.of("factors", 1024));
        assertThatThrownBy(() -> huge.checkFits(200_000_000, 1_000_000))
                .hasMessageContaining("need about")
                .hasMessageContaining("lower factors or raise -Xmx");
    }

    @Test
    void listsEveryParameterByName() {
        assertThat(sgd.asMap())
                .containsKeys(
                        "algorithm",
                        "factors",
                        "epochs",
                        "learningRate",
                        "regularization",
                        "biasRegularization",
                        "implicitRate",
                        "implicitRegularization",
                        "learningRateDecay",
                        "initStd",
                        "validationFraction",
                        "patience",
                        "refit",
                        "seed",
                        "threads")
                .containsEntry("algorithm", "sgd");
        assertThat(AdamParameters.defaults().asMap())
                .containsEntry("algorithm", "adam")
                .containsKey("batchSize");
        assertThat(Algorithm.parse(" ADAM ")).isEqualTo(Algorithm.ADAM);
        assertThatThrownBy(() -> Algorithm.parse("als")).hasMessage("unknown algorithm 'als'; use sgd or adam");
    }

    @Test
    void theServiceTrainsARankerUnlessItIsDisabledAndSharesSeedAndThreads() {
        TrainingProperties.Ranker ranker = new TrainingProperties.Ranker(
                true, 16, null, null, List.of(0.5), AlsParameters.Interactions.LIKED, null);
        ModelRecipe recipe = new TrainingProperties(Algorithm.SGD, null, null, 7, 1, null, ranker).toRecipe();
        assertThat(recipe.ranker().factors()).isEqualTo(16);
        assertThat(recipe.ranker().unobservedWeights()).containsExactly(0.5);
        assertThat(recipe.ranker().interactions()).isEqualTo(AlsParameters.Interactions.LIKED);
        assertThat(recipe.ranker().seed()).isEqualTo(7);
        assertThat(recipe.ranker().threads()).isEqualTo(1);
        assertThat(recipe.ranker().epochs()).isEqualTo(AlsParameters.defaults().epochs());
        TrainingProperties.Ranker off = new TrainingProperties.Ranker(false, null, null, null, null, null, null);
        assertThat(new TrainingProperties(Algorithm.SGD, null, null, 7, null, null, off)
                        .toRecipe()
                        .ranker())
                .isNull();
    }

    @Test
    void rankerParametersAreBoundByNameLikeTheOthers() {
        AlsParameters als = AlsParameters.defaults().with(Map.of("interactions", "weighted", "ratingWeight", 2));
        assertThat(als.interactions()).isEqualTo(AlsParameters.Interactions.WEIGHTED);
        assertThat(als.asMap())
                .containsEntry("algorithm", "ials")
                .containsKeys("unobservedWeights", "frequencyExponent");
        assertThat(als.with(Map.of("unobservedWeights", List.of(1, 0.5))).unobservedWeights())
                .containsExactly(1.0, 0.5);
        assertThatThrownBy(() -> als.with(Map.of("interactions", "most"))).hasMessageContaining("interactions");
        assertThatThrownBy(() -> als.with(Map.of("unobservedWeights", List.of(0.0))))
                .hasMessageStartingWith("unobservedWeights must be numbers in (0, 1000]");
        assertThatThrownBy(() -> als.with(Map.of("unobservedWeights", List.of())))
                .hasMessageStartingWith("unobservedWeights must list 1 to 8 values");
        assertThatThrownBy(() -> als.with(Map.of("validationFraction", 0)))
                .hasMessageContaining("only with a validationFraction above 0");
        assertThatThrownBy(() -> als.with(Map.of("alpha", 1)))
                .hasMessageStartingWith("unknown parameter 'alpha' for the ranker");
    }

    /** One value where a list belongs is a list of one, from a job body or a command-line option alike. */
    @Test
    void oneValueIsAListOfOneAndOtherKindsSayWhatIsExpected() {
        assertThat(AlsParameters.defaults()
                        .with(Map.of("unobservedWeights", 3L))
                        .unobservedWeights())
                .containsExactly(3.0);
        assertThat(AlsParameters.defaults()
                        .with(Map.of("unobservedWeights", 0.5))
                        .unobservedWeights())
                .containsExactly(0.5);
        assertThatThrownBy(() -> AlsParameters.defaults().with(Map.of("unobservedWeights", "x")))
                .hasMessage("unobservedWeights expects a number, or several separated by commas, got 'x'");
    }
}
