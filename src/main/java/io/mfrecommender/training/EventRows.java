package io.mfrecommender.training;

import io.mfrecommender.data.EventTable;
import io.mfrecommender.data.IdIndex;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Events as the ranker's trainer reads them ({@link EventWeights}): for each user row of a dataset's
 * index, the item rows they have events on, ascending, with what the events add to the pair's
 * confidence ({@code > 0}) or, for a dismissed movie, its negative weight negated. Events of users
 * or movies outside the index are left out (they are folded in when served).
 */
final class EventRows {

    final int[] start;
    final int[] item;
    final float[] weight;

    private EventRows(int[] start, int[] item, float[] weight) {
        this.start = start;
        this.item = item;
        this.weight = weight;
    }

    static EventRows of(EventTable events, IdIndex users, IdIndex items, EventWeights weights) {
        Map<Long, double[]> pairs = new HashMap<>(); // key u·|I| + i → {strength, dismissed}
        Map<Long, Long> latest = new HashMap<>();
        if (weights.halfLifeSeconds() > 0) {
            for (int e = 0; e < events.size(); e++) {
                latest.merge(events.user(e), events.lastSeconds(e), Math::max);
            }
        }
        for (int e = 0; e < events.size(); e++) {
            int u = users.indexOrMinusOne(events.user(e));
            int i = items.indexOrMinusOne(events.movie(e));
            if (u < 0 || i < 0 || !weights.known(events.type(e))) {
                continue;
            }
            double[] pair = pairs.computeIfAbsent((long) u * items.size() + i, key -> new double[2]);
            if (weights.isNegative(events.type(e))) {
                pair[1] = 1;
            } else {
                pair[0] += weights.strength(
                        events.type(e),
                        events.count(e),
                        events.lastSeconds(e),
                        latest.getOrDefault(events.user(e), events.lastSeconds(e)));
            }
        }
        long[] keys =
                pairs.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        int[] start = new int[users.size() + 1];
        int[] item = new int[keys.length];
        float[] weight = new float[keys.length];
        for (int at = 0; at < keys.length; at++) {
            double[] pair = pairs.get(keys[at]);
            int u = (int) (keys[at] / items.size());
            start[u + 1]++;
            item[at] = (int) (keys[at] % items.size());
            weight[at] = (float) (pair[1] != 0 ? -weights.negativeWeight() : pair[0]);
        }
        for (int u = 0; u < users.size(); u++) {
            start[u + 1] += start[u];
        }
        return new EventRows(start, item, weight);
    }

    /** No events for {@code users} rows. */
    static EventRows none(int users) {
        return new EventRows(new int[users + 1], new int[0], new float[0]);
    }

    boolean isEmpty() {
        return item.length == 0;
    }

    int size() {
        return item.length;
    }

    /** The same rows without the pairs {@code heldOut} names (by {@code u·items + i}): what a validation split holds. */
    EventRows without(java.util.function.LongPredicate heldOut, int items) {
        int users = start.length - 1;
        int[] keptStart = new int[users + 1];
        int[] keptItem = new int[item.length];
        float[] keptWeight = new float[item.length];
        int n = 0;
        for (int u = 0; u < users; u++) {
            for (int at = start[u]; at < start[u + 1]; at++) {
                if (!heldOut.test((long) u * items + item[at])) {
                    keptItem[n] = item[at];
                    keptWeight[n++] = weight[at];
                }
            }
            keptStart[u + 1] = n;
        }
        return new EventRows(keptStart, Arrays.copyOf(keptItem, n), Arrays.copyOf(keptWeight, n));
    }
}
