package io.mfrecommender.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopKTests {

    @Test
    void selectsTheBestInDescendingOrderSkippingExcludedEntries() {
        float[] scores = {0.1f, Float.NEGATIVE_INFINITY, 0.5f, 0.7f, 0.3f, 0.8f, 0.9f};
        int[] top = new int[3];
        float[] topScores = new float[3];
        assertThat(TopK.select(scores, 0, 7, top, topScores)).isEqualTo(3);
        assertThat(top).containsExactly(6, 5, 3);
        assertThat(topScores).containsExactly(0.9f, 0.8f, 0.7f);
    }

    @Test
    void returnsFewerWhenFewerAreEligibleAndHonoursTheOffset() {
        float[] scores = {9f, 9f, 0.2f, Float.NEGATIVE_INFINITY, 0.4f};
        int[] top = new int[5];
        float[] topScores = new float[5];
        assertThat(TopK.select(scores, 2, 3, top, topScores)).isEqualTo(2);
        assertThat(top[0]).isEqualTo(2);
        assertThat(top[1]).isEqualTo(0);
    }

    @Test
    void tiesKeepTheLowerIndexFirst() {
        float[] scores = {1f, 2f, 2f, 2f, 0f};
        int[] top = new int[2];
        TopK.select(scores, 0, 5, top, new float[2]);
        assertThat(top).containsExactly(1, 2);
    }
}
