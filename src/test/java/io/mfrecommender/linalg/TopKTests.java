package io.mfrecommender.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
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

    /** Against a full sort (score descending, then index), over seeded lists with ties, −∞, NaN and every size of k. */
    @Test
    void agreesWithSortingEverything() {
        SplittableRandom random = new SplittableRandom(21);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(trial % 3 == 0 ? 5000 : 400); // past 256: the bounded pass
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(20);
                scores[i] = kind == 0
                        ? Float.NEGATIVE_INFINITY
                        : kind == 1 ? Float.NaN : kind < 6 ? random.nextInt(5) : (float) random.nextGaussian();
            }
            int k = 1 + random.nextInt(trial % 2 == 0 ? Math.min(n + 5, 80) : n + 5);
            Integer[] order = IntStream.range(0, n)
                    .filter(i -> scores[i] != Float.NEGATIVE_INFINITY && !Float.isNaN(scores[i]))
                    .boxed()
                    .toArray(Integer[]::new);
            Arrays.sort(
                    order, Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
            int[] top = new int[k];
            float[] topScores = new float[k];
            int found = TopK.select(scores, 0, n, top, topScores);
            assertThat(found).isEqualTo(Math.min(k, order.length));
            for (int r = 0; r < found; r++) {
                assertThat(top[r]).as("trial %d rank %d", trial, r).isEqualTo(order[r]);
                assertThat(topScores[r]).isEqualTo(scores[order[r]]);
            }
        }
    }
}
