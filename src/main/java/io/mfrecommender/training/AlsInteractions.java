package io.mfrecommender.training;

import io.mfrecommender.data.Dataset;
import java.util.Arrays;
import java.util.Map;

/**
 * The interactions of each row (user or item) in compressed sparse rows: row {@code r}'s
 * counterparts are {@code other[start[r] .. start[r+1])}, with confidences {@code weight}.
 */
final class AlsInteractions {
    final int[] start;
    final int[] other;
    final float[] weight;

    AlsInteractions(int[] start, int[] other, float[] weight) {
        this.start = start;
        this.other = other;
        this.weight = weight;
    }

    int count() {
        return start.length - 1;
    }

    int size() {
        return other.length;
    }

    /**
     * Each user's ratings (by {@link ConfidenceRule}) and events (by {@link EventWeights}, already in
     * {@code events}) as one set of pairs: a rated movie with events has the sum of both
     * confidences, a dismissed one an observed zero whatever else it has.
     */
    static AlsInteractions byUser(Dataset data, AlsParameters p, EventRows events) {
        if (events == null || events.isEmpty()) {
            return byUser(data, p);
        }
        ConfidenceRule rule = ConfidenceRule.of(p, data.scale());
        int users = data.users().size();
        int[] offsets = data.userOffsets();
        int[] start = new int[users + 1];
        int[] items = new int[data.size() + events.size()];
        float[] weights = new float[items.length];
        int at = 0;
        java.util.TreeMap<Integer, Float> pairs = new java.util.TreeMap<>();
        for (int u = 0; u < users; u++) {
            pairs.clear();
            for (int row = offsets[u]; row < offsets[u + 1]; row++) {
                float r = data.rating(row);
                if (rule.counts(r)) {
                    pairs.put(data.itemIndex(row), rule.confidence(r));
                }
            }
            for (int e = events.start[u]; e < events.start[u + 1]; e++) {
                float w = events.weight[e];
                if (w < 0) {
                    pairs.put(events.item[e], w);
                } else {
                    pairs.merge(events.item[e], w, Float::sum);
                }
            }
            for (Map.Entry<Integer, Float> pair : pairs.entrySet()) {
                items[at] = pair.getKey();
                weights[at++] = pair.getValue();
            }
            start[u + 1] = at;
        }
        return new AlsInteractions(start, Arrays.copyOf(items, at), Arrays.copyOf(weights, at));
    }

    /** Rows of {@code data} are sorted by user, so the user-side index is a filter of them. */
    static AlsInteractions byUser(Dataset data, AlsParameters p) {
        ConfidenceRule rule = ConfidenceRule.of(p, data.scale());
        int users = data.users().size();
        int[] start = new int[users + 1];
        int n = 0;
        for (int row = 0; row < data.size(); row++) {
            if (rule.counts(data.rating(row))) {
                start[data.userIndex(row) + 1]++;
                n++;
            }
        }
        for (int u = 0; u < users; u++) {
            start[u + 1] += start[u];
        }
        int[] items = new int[n];
        float[] weights = new float[n];
        int at = 0;
        for (int row = 0; row < data.size(); row++) {
            float r = data.rating(row);
            if (rule.counts(r)) {
                items[at] = data.itemIndex(row);
                weights[at++] = rule.confidence(r);
            }
        }
        return new AlsInteractions(start, items, weights);
    }

    /** The same interactions indexed by the other side, each row's counterparts in ascending order. */
    AlsInteractions transposed(int otherCount) {
        int[] tStart = SgdTrainer.Blocks.offsets(other, otherCount);
        int[] cursor = Arrays.copyOf(tStart, otherCount);
        int[] tOther = new int[other.length];
        float[] tWeight = new float[other.length];
        for (int r = 0; r < count(); r++) {
            for (int at = start[r]; at < start[r + 1]; at++) {
                int position = cursor[other[at]]++;
                tOther[position] = r;
                tWeight[position] = weight[at];
            }
        }
        return new AlsInteractions(tStart, tOther, tWeight);
    }
}
