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
        siftUp(heap, size++, value);
    }

    public long pop() {
        long top = heap[0];
        long last = heap[--size];
        if (size > 0) {
            siftDown(heap, size, last);
        }
        return top;
    }

    /** Puts {@code value} at {@code heap[at]}, the end of a min-heap of {@code at} entries, and restores the order. */
    static void siftUp(long[] heap, int at, long value) {
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

    /**
     * Puts {@code value} in place of the root of the min-heap {@code heap[0..size)} and restores the
     * order; the smaller child is chosen without a branch, as which one it is cannot be predicted.
     */
    static void siftDown(long[] heap, int size, long value) {
        int at = 0;
        int half = size >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            long smaller = heap[child];
            int right = child + 1;
            if (right < size) {
                long other = heap[right];
                boolean takeRight = other < smaller;
                child = takeRight ? right : child;
                smaller = takeRight ? other : smaller;
            }
            if (value <= smaller) {
                break;
            }
            heap[at] = smaller;
            at = child;
        }
        heap[at] = value;
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
