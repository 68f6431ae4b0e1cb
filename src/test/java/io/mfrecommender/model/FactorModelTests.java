package io.mfrecommender.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.data.IdIndex;
import org.junit.jupiter.api.Test;

class FactorModelTests {

    private final FactorModel model = TinyModel.create();

    @Test
    void scoresMatchTheHandComputedValues() {
        double[][] expected = {{5.75, 4.5, 3.5}, {2.25, 3.5, 0.0}};
        for (int u = 0; u < 2; u++) {
            for (int i = 0; i < 3; i++) {
                assertThat(model.score(u, i)).as("score(%d,%d)", u, i).isCloseTo(expected[u][i], within(1e-6));
            }
        }
    }

    @Test
    void predictionsAreClippedToTheScale() {
        assertThat(model.predict(0, 0)).isEqualTo(5.0);
        assertThat(model.predict(1, 2)).isEqualTo(1.0);
        assertThat(model.predict(0, 1)).isCloseTo(4.5, within(1e-6));
    }

    @Test
    void coldStartDropsTheUnknownTerms() {
        assertThat(model.score(-1, 1)).isCloseTo(2.5, within(1e-6));
        assertThat(model.score(0, -1)).isCloseTo(3.5, within(1e-6));
        assertThat(model.score(-1, -1)).isCloseTo(3.0, within(1e-6));
        assertThat(model.baseline(1, 1)).isCloseTo(1.5, within(1e-6));
    }

    @Test
    void batchScorerAgreesWithSingleScores() {
        BatchScorer scorer = BatchScorer.ratings(model, 4);
        float[] scores = scorer.score(new int[] {1, 0}, 2);
        for (int i = 0; i < 3; i++) {
            assertThat((double) scores[i]).isCloseTo(model.score(1, i), within(1e-5));
            assertThat((double) scores[3 + i]).isCloseTo(model.score(0, i), within(1e-5));
        }
        assertThatThrownBy(() -> scorer.score(new int[5], 5)).hasMessageContaining("exceeds capacity");
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThatThrownBy(() -> new FactorModel(
                        model.manifest(),
                        IdIndex.of(new long[] {1}),
                        model.items(),
                        0f,
                        new float[1],
                        new float[3],
                        new float[3],
                        new float[6]))
                .hasMessageContaining("do not match");
    }
}
