package io.mfrecommender.data;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Immutable two-way mapping between external ids (as found in rating files) and dense indices
 * {@code 0..size-1} used as rows of the factor matrices.
 */
public final class IdIndex {

    private final long[] ids;
    private final LongIntMap indexById;

    private IdIndex(long[] ids, LongIntMap indexById) {
        this.ids = ids;
        this.indexById = indexById;
    }

    /** Builds an index whose dense index {@code i} is {@code ids[i]}; ids must be distinct. */
    public static IdIndex of(long[] ids) {
        LongIntMap map = new LongIntMap(ids.length);
        for (int i = 0; i < ids.length; i++) {
            if (map.putIfAbsent(ids[i], i) != i) {
                throw new IllegalArgumentException("duplicate id " + ids[i] + " at index " + i);
            }
        }
        return new IdIndex(ids.clone(), map);
    }

    public int size() {
        return ids.length;
    }

    public long idOf(int index) {
        return ids[index];
    }

    /** The dense index of {@code id}, or empty when the id is unknown. */
    public OptionalInt indexOf(long id) {
        int index = indexById.get(id);
        return index == LongIntMap.MISSING ? OptionalInt.empty() : OptionalInt.of(index);
    }

    /** The dense index of {@code id}, or {@code -1} when unknown; for loops that cannot afford an Optional. */
    public int indexOrMinusOne(long id) {
        return indexById.get(id);
    }

    public boolean contains(long id) {
        return indexById.get(id) != LongIntMap.MISSING;
    }

    /** A copy of the external ids in dense-index order. */
    public long[] toArray() {
        return ids.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdIndex that && Arrays.equals(ids, that.ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "IdIndex[size=" + ids.length + "]";
    }
}
