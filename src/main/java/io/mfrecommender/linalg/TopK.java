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
     * <p>Over a long list, a first pass folds each group of eight elements into its maximum on
     * SIMD lanes ({@link Vectors#laneMaxima}); the k-th best of those maxima, found the same way,
     * is a lower bound of the k-th best element (each maximum is an element of its group, so at
     * least k elements reach it), and a tight one even where neighbouring ids score alike, as a
     * real ranker's do: there, the k-th best of 2k contiguous blocks' maxima let twenty times as
     * many through. A second pass keeps the elements that reach the bound, looking only into the
     * groups whose maxima do, and a heap ranks those. A heap fed every element replaces its least
     * about k · ln(n / k) times at unpredictable moments, and the mispredicted branches cost more
     * than the scoring (docs/performance.md).
     */
    public static int select(float[] scores, int offset, int n, int[] top, float[] topScores) {
        int k = top.length;
        if (k == 0) {
            return 0;
        }
        Reaching reaching = reaching(scores, offset, n, k);
        long[] heap = new long[k];
        int size = fill(scores, offset, reaching, n, heap);
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

    /** The k-th best of {@code x[0..n)}, {@code −∞} when fewer than k are eligible: a heap's least, never sorted. */
    private static float kthBest(float[] x, int n, int k) {
        long[] heap = new long[k];
        return fill(x, 0, reaching(x, 0, n, k), n, heap) == k ? ScoredHeap.score(heap[0]) : Float.NEGATIVE_INFINITY;
    }

    /** The positions (ascending) of the elements that can be among the k best; null: every one. */
    private record Reaching(int[] ids, int count) {}

    private static Reaching reaching(float[] scores, int offset, int n, int k) {
        int lanes = Vectors.lanes();
        int chunk = Vectors.GROUP * lanes;
        if (n < 256 || n / chunk * lanes < 2 * k) {
            return null;
        }
        float[] maxima = new float[n / chunk * lanes];
        Vectors.laneMaxima(scores, offset, n, maxima);
        float bound = kthBest(maxima, maxima.length, k); // NaN maxima are left out: a bound still
        if (bound == Float.NEGATIVE_INFINITY) {
            return null; // fewer than k groups hold one eligible
        }
        // A group holding a NaN has a NaN maximum, and may hold an element that reaches the bound too.
        int[] groups = new int[maxima.length];
        int reachingGroups = Vectors.notBelow(maxima, 0, maxima.length, bound, groups);
        int[] ids = new int[4 * k + chunk]; // grown in the rare case of many ties at the bound
        int count = 0;
        int laneBits = Integer.numberOfTrailingZeros(lanes); // lanes is a power of two: no division here
        for (int g = 0; g < reachingGroups; ) {
            // The groups of one chunk (their maxima are adjacent), read row by row: ascending positions.
            int c = groups[g] >>> laneBits;
            int end = g;
            while (end < reachingGroups && groups[end] >>> laneBits == c) {
                groups[end] &= lanes - 1; // the lane
                end++;
            }
            if (count + (end - g) * Vectors.GROUP > ids.length) {
                ids = Arrays.copyOf(ids, Math.min(n, 2 * ids.length + chunk));
            }
            for (int row = c * chunk; row < (c + 1) * chunk; row += lanes) {
                for (int at = g; at < end; at++) {
                    int i = row + groups[at];
                    if (scores[offset + i] >= bound) {
                        ids[count++] = i;
                    }
                }
            }
            g = end;
        }
        int tail = maxima.length / lanes * chunk; // the elements after the last whole chunk
        if (count + n - tail > ids.length) {
            ids = Arrays.copyOf(ids, count + n - tail);
        }
        count = Vectors.atLeastScalar(scores, offset + tail, n - tail, bound, false, ids, count, tail);
        return new Reaching(ids, count);
    }

    /**
     * Fills the min-heap {@code heap} (its length is k) with the best of {@code scores[offset + i]}
     * for the positions {@code i} of {@code reaching}, or every {@code i < n} when it is null;
     * returns the heap's size.
     */
    private static int fill(float[] scores, int offset, Reaching reaching, int n, long[] heap) {
        int k = heap.length;
        int[] ids = reaching == null ? null : reaching.ids();
        int count = reaching == null ? n : reaching.count();
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
        return size;
    }
}
