package io.mfrecommender.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoredHeapTests {

    @Test
    void packedPairsSortAsTheirScoresThenNodes() {
        float[] scores = {Float.NEGATIVE_INFINITY, -3.5f, -1e-30f, -0.0f, 0.0f, 1e-30f, 2f, 7.25f, Float.MAX_VALUE};
        for (int i = 0; i + 1 < scores.length; i++) {
            assertThat(ScoredHeap.pack(scores[i], 5)).isLessThan(ScoredHeap.pack(scores[i + 1], 5));
            assertThat(ScoredHeap.score(ScoredHeap.pack(scores[i], 9))).isEqualTo(scores[i]);
        }
        assertThat(ScoredHeap.pack(1f, 3)).isLessThan(ScoredHeap.pack(1f, 4));
        assertThat(ScoredHeap.node(ScoredHeap.pack(-2f, 123_456))).isEqualTo(123_456);
    }

    @Test
    void popsInOrderAsAMinHeapAndAsAMaxHeap() {
        SplittableRandom random = new SplittableRandom(11);
        float[] scores = new float[500];
        ScoredHeap min = new ScoredHeap(4);
        ScoredHeap max = new ScoredHeap(4);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) random.nextGaussian();
            min.push(ScoredHeap.pack(scores[i], i));
            max.pushMax(ScoredHeap.pack(scores[i], i));
        }
        float[] sorted = scores.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            long low = min.pop();
            assertThat(ScoredHeap.score(low)).isEqualTo(sorted[i]);
            assertThat(scores[ScoredHeap.node(low)]).isEqualTo(sorted[i]);
            assertThat(ScoredHeap.score(max.popMax())).isEqualTo(sorted[sorted.length - 1 - i]);
        }
        assertThat(min.isEmpty()).isTrue();
        assertThat(max.isEmpty()).isTrue();
    }
}
