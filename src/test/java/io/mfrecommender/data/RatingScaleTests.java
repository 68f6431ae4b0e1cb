package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatingScaleTests {

    /** The ranking protocol's rule: 1..5 onto the whole range, so 4 stars is three quarters of the way up. */
    @Test
    void fiveStarThresholdsSpanTheWholeRange() {
        assertThat(new RatingScale(1, 5).fromFiveStar(4)).isCloseTo(4, within(1e-12));
        assertThat(new RatingScale(0, 10).fromFiveStar(4)).isCloseTo(7.5, within(1e-12));
        assertThat(new RatingScale(0.5, 5).fromFiveStar(2.5)).isCloseTo(2.1875, within(1e-12));
    }

    /** What a card says: 2.5 stars is half the top of the scale, on every scale a viewer meets. */
    @Test
    void starsAsReadAreTheSameShareOfTheTop() {
        assertThat(new RatingScale(1, 5).fromStarsAsRead(2.5)).isCloseTo(2.5, within(1e-12));
        assertThat(new RatingScale(0, 10).fromStarsAsRead(2.5)).isCloseTo(5, within(1e-12));
        assertThat(new RatingScale(0.5, 5).fromStarsAsRead(2.5)).isCloseTo(2.5, within(1e-12));
        assertThat(new RatingScale(1, 10).fromStarsAsRead(4)).isCloseTo(8, within(1e-12));
        // A scale reaching below zero is no viewer's: the range rule.
        assertThat(new RatingScale(-2, 2).fromStarsAsRead(3)).isCloseTo(0, within(1e-12));
    }
}
