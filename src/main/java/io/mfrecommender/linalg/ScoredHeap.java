package io.mfrecommender.linalg;

import java.util.Arrays;

/**
 * A binary min-heap of (score, node) pairs packed into one {@code long} each: the score's bits,
 * made to sort as signed integers, above the node. Comparing two packed pairs compares scores
 * (ties by node), so the heap moves plain longs and allocates nothing per element. A max-heap is
 * the same heap over the pairs' complements ({@link #pushMax}, {@link #popMax}). The index's graph
 * walks use it, and {@link TopK} packs its pairs the same way.
 */
public final class ScoredHeap {

    private long[] heap;
    private int size;

    public ScoredHeap(int capacity) {
        heap = new long[Math.max(capacity, 4)];
    }

    public static long pack(float score, int node) {
        int bits = Float.floatToRawIntBits(score);
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) sortable << 32) | (node & 0xffffffffL);
    }

    public static int node(long packed) {
        return (int) packed;
    }

    public static float score(long packed) {
        int sortable = (int) (packed >>> 32);
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        size = 0;
    }

    /** The smallest pair (for a max-heap: see {@link #peekMax}). */
    public long peek() {
        return heap[0];
    }

    public void push(long value) {
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

    public long pop() {
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

    public void pushMax(long value) {
        push(~value);
    }

    public long popMax() {
        return ~pop();
    }

    public long peekMax() {
        return ~peek();
    }
}
