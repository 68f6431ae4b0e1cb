package io.mfrecommender.linalg;

/**
 * Selects the k highest scores with a size-k min-heap: O(n log k), no allocation. Entries equal
 * to {@link Float#NEGATIVE_INFINITY} are excluded items and never selected; ties keep the lower
 * index first, so results are stable.
 */
public final class TopK {

    private TopK() {}

    /**
     * Writes the indices of the {@code top.length} best of {@code scores[offset .. offset+n)} (as
     * {@code 0..n-1}) into {@code top}, best first, and their scores into {@code topScores}.
     * Returns how many were found (fewer than requested when fewer are eligible).
     */
    public static int select(float[] scores, int offset, int n, int[] top, float[] topScores) {
        int k = top.length;
        int size = 0;
        for (int i = 0; i < n; i++) {
            float s = scores[offset + i];
            if (s == Float.NEGATIVE_INFINITY || Float.isNaN(s)) {
                continue;
            }
            if (size < k) {
                top[size] = i;
                topScores[size] = s;
                siftUp(top, topScores, size++);
            } else if (s > topScores[0]) {
                top[0] = i;
                topScores[0] = s;
                siftDown(top, topScores, size);
            }
        }
        for (int end = size - 1; end > 0; end--) {
            swap(top, topScores, 0, end);
            siftDown(top, topScores, end);
        }
        return size;
    }

    /** Heap order: lower score first; on equal scores the higher index is "lower" so it leaves first. */
    private static boolean below(int[] ids, float[] s, int a, int b) {
        return s[a] < s[b] || (s[a] == s[b] && ids[a] > ids[b]);
    }

    private static void siftUp(int[] ids, float[] s, int at) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!below(ids, s, at, parent)) {
                return;
            }
            swap(ids, s, parent, at);
            at = parent;
        }
    }

    private static void siftDown(int[] ids, float[] s, int size) {
        int at = 0;
        while (true) {
            int left = 2 * at + 1;
            if (left >= size) {
                return;
            }
            int child = left + 1 < size && below(ids, s, left + 1, left) ? left + 1 : left;
            if (!below(ids, s, child, at)) {
                return;
            }
            swap(ids, s, at, child);
            at = child;
        }
    }

    private static void swap(int[] ids, float[] s, int a, int b) {
        int id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
        float score = s[a];
        s[a] = s[b];
        s[b] = score;
    }
}
