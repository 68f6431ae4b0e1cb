package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RememberedPredictionsTests {

    @Test
    void eachOfTheFirstItemsIsPredictedOnceAndLaterOnesEachTime() {
        List<Integer> asked = new ArrayList<>();
        RememberedPredictions predictions = new RememberedPredictions(item -> {
            asked.add(item);
            return item / 2.0;
        });
        for (int round = 0; round < 3; round++) {
            for (int item = 0; item < RememberedPredictions.REMEMBERED + 2; item++) {
                assertThat(predictions.applyAsDouble(item)).isEqualTo(item / 2.0);
            }
        }
        // The remembered ones once; the two past the bound in every round.
        assertThat(asked).hasSize(RememberedPredictions.REMEMBERED + 2 * 3);
        assertThat(asked.stream().filter(item -> item == 0)).hasSize(1);
        assertThat(asked.stream().filter(item -> item == RememberedPredictions.REMEMBERED + 1))
                .hasSize(3);
    }
}
