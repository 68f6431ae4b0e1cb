package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingResultTests {

    private static EpochReport epoch(int number, double seconds) {
        return new EpochReport(number, 1.0, Double.NaN, Double.NaN, 0.01, seconds, false);
    }

    @Test
    void timePerUpdateIsGivenOverallAndAtTheMedianEpochsPace() {
        // Three epochs of 1,000 ratings; the second was stalled for 3 ms.
        TrainingResult result = new TrainingResult(null, List.of(epoch(1, 0.001), epoch(2, 0.005), epoch(3, 0.002)),
                3, 0.008, 3_000);
        assertThat(result.nanosPerRatingUpdate()).isCloseTo(8e6 / 3_000, within(1e-6));
        assertThat(result.nanosPerRatingUpdateAtMedianEpoch()).isCloseTo(2e6 * 3 / 3_000, within(1e-6));
    }

    @Test
    void anEvenNumberOfEpochsTakesTheMeanOfTheMiddleTwo() {
        TrainingResult result = new TrainingResult(null, List.of(epoch(1, 0.004), epoch(2, 0.001), epoch(3, 0.002),
                epoch(4, 0.009)), 4, 0.016, 4_000);
        assertThat(result.nanosPerRatingUpdateAtMedianEpoch()).isCloseTo(3e6 * 4 / 4_000, within(1e-6));
    }
}
