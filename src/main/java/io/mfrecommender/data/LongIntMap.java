package io.mfrecommender.data;

import io.mfrecommender.linalg.Mix;
import java.util.Arrays;

/**
 * Open-addressing map from {@code long} keys to non-negative {@code int} values, without boxing.
 * Lookups of external ids happen once per parsed rating, so a {@code HashMap<Long, Integer>}
 * would allocate two objects per line for nothing.
 */
final class LongIntMap {

    static final int MISSING = -1;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, MISSING);
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    int get(long key) {
        int slot = slot(key);
        while (values[slot] != MISSING) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return MISSING;
    }

    /** Returns the value already mapped to {@code key}, or maps it to {@code value} and returns that. */
    int putIfAbsent(long key, int value) {
        int slot = slot(key);
        while (values[slot] != MISSING) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
        return value;
    }

    private int slot(long key) {
        // Ids are often sequential, which would cluster under linear probing.
        return (int) Mix.mix64(key) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, MISSING);
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != MISSING) {
                putIfAbsent(oldKeys[i], oldValues[i]);
            }
        }
    }
}
