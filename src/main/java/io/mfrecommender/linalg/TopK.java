package io.mfrecommender.linalg;

import java.util.Arrays;

/**
 * Selects the k highest scores with a size-k min-heap: O(n log k). Entries equal to
 * {@link Float#NEGATIVE_INFINITY} (or NaN) are excluded items and never selected; ties keep the
 * lower index first, so results are stable.
 *
 * <p>Each heap entry is one {@code long} ({@link ScoredHeap#pack}: the score's sortable bits above
 * the complement of the index), so one comparison orders by score and breaks ties by index, and a
 * sift moves one array. Most items are turned away by one float comparison with the heap's least
 * score.
 */
public final class TopK {

    private TopK() {}

    /**
     * Writes the indices of the {@code top.length} best of {@code scores[offset .. offset+n)} (as
     * {@code 0..n-1}) into {@code top}, best first, and their scores into {@code topScores}.
     * Returns how many were found (fewer than requested when fewer are eligible).
     *
     * <p>Over a long list, a first pass finds a lower bound of the k-th best score on SIMD lanes:
     * the k-th best of at least 2k block maxima (each is an element, so at least k elements reach
     * it; about 1.5 k do). A second pass keeps the elements that reach it, testing a lane's worth at
     * once in the blocks whose maximum does, and the heap ranks only those. A heap fed every element replaces its least about
     * k · ln(n / k) times at unpredictable moments, and the mispredicted branches cost more than
     * the scoring (docs/performance.md).
     */
    public static int select(float[] scores, int offset, int n, int[] top, float[] topScores) {
        int k = top.length;
        if (k == 0) {
            return 0;
        }
        int block = Math.max(8, n / (2 * k) / 8 * 8);
        int blocks = n / block;
        if (n < 256 || blocks < 2 * k) {
            return heapSelect(scores, offset, null, n, top, topScores);
        }
        float[] maxima = new float[blocks];
        Vectors.blockMaxima(scores, offset, n, block, maxima);
        float[] best = new float[k];
        // NaN maxima (a block holding a NaN) are left out by the heap: a lower bound still, of fewer blocks.
        float bound =
                heapSelect(maxima, 0, null, blocks, new int[k], best) == k ? best[k - 1] : Float.NEGATIVE_INFINITY;
        if (bound == Float.NEGATIVE_INFINITY) {
            return heapSelect(scores, offset, null, n, top, topScores); // fewer than k blocks hold one eligible
        }
        // Only blocks whose maximum reaches the bound can hold an element that does (NaN: look).
        int[] reaching = new int[4 * k + 2 * block]; // grown in the rare case of many ties at the bound
        int[] found = new int[block];
        int count = 0;
        for (int b = 0; b <= blocks; b++) {
            if (b == blocks || !(maxima[b] < bound)) {
                int from = b * block;
                int inBlock = Vectors.atLeast(scores, offset + from, Math.min(block, n - from), bound, found);
                if (count + inBlock > reaching.length) {
                    reaching = Arrays.copyOf(reaching, Math.min(n, 2 * reaching.length + block));
                }
                for (int j = 0; j < inBlock; j++) {
                    reaching[count++] = from + found[j];
                }
            }
        }
        return heapSelect(scores, offset, reaching, count, top, topScores);
    }

    /**
     * The heap selection over {@code scores[offset + i]} for {@code i} in {@code ids[0..count)}
     * (ascending), or for every {@code i < count} when {@code ids} is null.
     */
    private static int heapSelect(float[] scores, int offset, int[] ids, int count, int[] top, float[] topScores) {
        int k = top.length;
        long[] heap = new long[k];
        int size = 0;
        int j = 0;
        for (; j < count && size < k; j++) {
            int i = ids == null ? j : ids[j];
            float s = scores[offset + i];
            if (s != Float.NEGATIVE_INFINITY && !Float.isNaN(s)) {
                ScoredHeap.siftUp(heap, size++, ScoredHeap.pack(s, ~i));
            }
        }
        float least = size == k ? ScoredHeap.score(heap[0]) : Float.NEGATIVE_INFINITY;
        for (; j < count; j++) {
            int i = ids == null ? j : ids[j];
            float s = scores[offset + i];
            // A later index never displaces an equal score; −∞ and NaN never pass.
            if (s > least) {
                ScoredHeap.siftDown(heap, size, ScoredHeap.pack(s, ~i));
                least = ScoredHeap.score(heap[0]);
            }
        }
        for (int end = size - 1; end > 0; end--) {
            long smallest = heap[0];
            ScoredHeap.siftDown(heap, end, heap[end]);
            heap[end] = smallest;
        }
        for (int r = 0; r < size; r++) {
            top[r] = ~ScoredHeap.node(heap[r]);
            topScores[r] = ScoredHeap.score(heap[r]);
        }
        return size;
    }
}
