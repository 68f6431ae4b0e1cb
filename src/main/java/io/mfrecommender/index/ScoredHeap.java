package io.mfrecommender.index;

import java.util.Arrays;

/**
 * A binary min-heap of (score, node) pairs packed into one {@code long} each: the score's bits,
 * made to sort as signed integers, above the node. Comparing two packed pairs compares scores
 * (ties by node), so the heap moves plain longs and allocates nothing per element. A max-heap is
 * the same heap over the pairs' complements ({@link #pushMax}, {@link #popMax}).
 */
final class ScoredHeap {

    private long[] heap;
    private int size;

    ScoredHeap(int capacity) {
        heap = new long[Math.max(capacity, 4)];
    }

    static long pack(float score, int node) {
        int bits = Float.floatToRawIntBits(score);
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) sortable << 32) | (node & 0xffffffffL);
    }

    static int node(long packed) {
        return (int) packed;
    }

    static float score(long packed) {
        int sortable = (int) (packed >>> 32);
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }

    /** The smallest pair (for a max-heap: see {@link #peekMax}). */
    long peek() {
        return heap[0];
    }

    void push(long value) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int at = size++;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            long above = heap[parent];
            if (above <= value) {
                break;
            }
            heap[at] = above;
            at = parent;
        }
        heap[at] = value;
    }

    long pop() {
        long top = heap[0];
        long last = heap[--size];
        int at = 0;
        int half = size >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            long smaller = heap[child];
            int right = child + 1;
            if (right < size && heap[right] < smaller) {
                child = right;
                smaller = heap[right];
            }
            if (last <= smaller) {
                break;
            }
            heap[at] = smaller;
            at = child;
        }
        if (size > 0) {
            heap[at] = last;
        }
        return top;
    }

    void pushMax(long value) {
        push(~value);
    }

    long popMax() {
        return ~pop();
    }

    long peekMax() {
        return ~peek();
    }
}
