package io.mfrecommender.data;

import java.util.Arrays;

/**
 * Collects ratings in arrival order, then builds a {@link Dataset}. When a user rated the same
 * movie more than once, the rating added last wins and the replaced ones are counted.
 */
public final class DatasetBuilder {

    private final LongIntMap userIndex = new LongIntMap(1024);
    private final LongIntMap itemIndex = new LongIntMap(1024);
    private long[] userIds = new long[1024];
    private long[] itemIds = new long[1024];
    private int[] users = new int[1024];
    private int[] items = new int[1024];
    private float[] ratings = new float[1024];
    private long[] timestamps = new long[1024];
    private int size;
    private int duplicates = -1;

    public DatasetBuilder add(long userId, long itemId, float rating, long timestamp) {
        if (size == ratings.length) {
            int capacity = size + (size >> 1);
            users = Arrays.copyOf(users, capacity);
            items = Arrays.copyOf(items, capacity);
            ratings = Arrays.copyOf(ratings, capacity);
            timestamps = Arrays.copyOf(timestamps, capacity);
        }
        users[size] = dense(userIndex, userId, true);
        items[size] = dense(itemIndex, itemId, false);
        ratings[size] = rating;
        timestamps[size] = timestamp;
        size++;
        return this;
    }

    /** Adds every rating of {@code dataset}, in its row order. */
    public DatasetBuilder addAll(Dataset dataset) {
        for (int row = 0; row < dataset.size(); row++) {
            add(dataset.userId(row), dataset.itemId(row), dataset.rating(row), dataset.timestamp(row));
        }
        return this;
    }

    public int size() {
        return size;
    }

    /** How many ratings the last {@link #build} replaced by a later one for the same pair. */
    public int duplicates() {
        if (duplicates < 0) {
            throw new IllegalStateException("build() has not run");
        }
        return duplicates;
    }

    /**
     * Builds the dataset. The scale is {@code configured} when given, otherwise the observed
     * minimum and maximum rating.
     */
    public Dataset build(RatingScale configured) {
        if (size == 0) {
            throw new IllegalStateException("no ratings");
        }
        int numUsers = userIndex.size();
        int numItems = itemIndex.size();
        // Two stable counting sorts (by item, then by user) order the rows by (user, item) while
        // keeping arrival order among duplicates, in linear time and without boxing.
        int[] byItem = countingSort(identity(size), items, numItems);
        int[] order = countingSort(byItem, users, numUsers);

        int[] u = new int[size];
        int[] i = new int[size];
        float[] r = new float[size];
        long[] t = new long[size];
        int n = 0;
        for (int k = 0; k < size; k++) {
            int row = order[k];
            boolean sameAsPrevious = n > 0 && u[n - 1] == users[row] && i[n - 1] == items[row];
            int target = sameAsPrevious ? n - 1 : n++;
            u[target] = users[row];
            i[target] = items[row];
            r[target] = ratings[row];
            t[target] = timestamps[row];
        }
        duplicates = size - n;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            min = Math.min(min, r[k]);
            max = Math.max(max, r[k]);
        }
        RatingScale scale = configured != null ? configured : new RatingScale(min, max);
        return new Dataset(
                trim(u, n),
                trim(i, n),
                Arrays.copyOf(r, n),
                Arrays.copyOf(t, n),
                IdIndex.of(Arrays.copyOf(userIds, numUsers)),
                IdIndex.of(Arrays.copyOf(itemIds, numItems)),
                scale);
    }

    private int dense(LongIntMap index, long id, boolean user) {
        int next = index.size();
        int dense = index.putIfAbsent(id, next);
        if (dense == next) {
            if (user) {
                userIds = ensure(userIds, next);
                userIds[next] = id;
            } else {
                itemIds = ensure(itemIds, next);
                itemIds[next] = id;
            }
        }
        return dense;
    }

    private static long[] ensure(long[] array, int index) {
        return index < array.length ? array : Arrays.copyOf(array, array.length * 2);
    }

    private static int[] trim(int[] array, int n) {
        return n == array.length ? array : Arrays.copyOf(array, n);
    }

    private int[] identity(int n) {
        int[] rows = new int[n];
        for (int k = 0; k < n; k++) {
            rows[k] = k;
        }
        return rows;
    }

    /** Stable sort of {@code rows} by {@code key[row]}, keys in {@code 0..range-1}. */
    private static int[] countingSort(int[] rows, int[] key, int range) {
        int[] start = new int[range + 1];
        for (int row : rows) {
            start[key[row] + 1]++;
        }
        for (int k = 0; k < range; k++) {
            start[k + 1] += start[k];
        }
        int[] sorted = new int[rows.length];
        for (int row : rows) {
            sorted[start[key[row]]++] = row;
        }
        return sorted;
    }
}
