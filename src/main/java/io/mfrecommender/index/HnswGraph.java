package io.mfrecommender.index;

import io.mfrecommender.linalg.ScoredHeap;
import io.mfrecommender.linalg.Vectors;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * One hierarchical navigable small-world graph over the rows of a matrix, ranked by inner product
 * (Malkov and Yashunin, "Efficient and robust approximate nearest neighbor search using Hierarchical
 * Navigable Small World graphs", TPAMI 2020, algorithms 1–5). Immutable once built
 * ({@link HnswBuilder}) or read ({@link IndexFile}); searches from any number of threads.
 *
 * <p>Layout, as flat as the JIT likes it: layer 0 is one {@code int} array with a slot of
 * {@code 1 + 2M} per node (the neighbour count, then the neighbours), so a node's links are one
 * cache line or two from its count; the few nodes above layer 0 (a fraction {@code 1/M}) keep their
 * upper layers in an array of their own, {@code 1 + M} per layer.
 */
final class HnswGraph {

    final float[] vectors;
    final int size;
    final int dimensions;
    /** Links per node above layer 0 ({@code M}); layer 0 has twice as many. */
    final int maxConnections;

    final int[] layer0;
    /** Per node, its layers 1.. (null for a node on layer 0 only). */
    final int[][] upper;

    final int entry;
    final int topLayer;

    HnswGraph(
            float[] vectors,
            int size,
            int dimensions,
            int maxConnections,
            int[] layer0,
            int[][] upper,
            int entry,
            int topLayer) {
        this.vectors = vectors;
        this.size = size;
        this.dimensions = dimensions;
        this.maxConnections = maxConnections;
        this.layer0 = layer0;
        this.upper = upper;
        this.entry = entry;
        this.topLayer = topLayer;
    }

    int slot0() {
        return 1 + 2 * maxConnections;
    }

    /** The layers of {@code node} above 0. */
    int layersAbove(int node) {
        return layersAbove(upper[node], maxConnections);
    }

    /** The layers above 0 that a node's upper links ({@code null}: none) hold, {@code 1 + M} each. */
    static int layersAbove(int[] upperLinks, int maxConnections) {
        return upperLinks == null ? 0 : upperLinks.length / (1 + maxConnections);
    }

    /**
     * Where the count of {@code node}'s links on {@code layer} is: in {@code layer0} for layer 0,
     * else in the node's own upper array.
     */
    static int linksAt(int node, int layer, int maxConnections) {
        return layer == 0 ? node * (1 + 2 * maxConnections) : (layer - 1) * (1 + maxConnections);
    }

    float score(float[] query, int node) {
        return Vectors.dot(query, 0, vectors, node * dimensions, dimensions);
    }

    /**
     * Up to {@code k} nodes that {@code accept} admits (all when null) with the largest inner
     * product with {@code query}, best first, into {@code out}; the beam is {@code k} wide.
     *
     * @return how many were found, or −1 when the walk visited more than {@code visitLimit} nodes
     */
    int search(float[] query, int k, IntPredicate accept, int visitLimit, int[] out) {
        if (size == 0) {
            return 0;
        }
        int current = entry;
        float best = score(query, current);
        int visits = 1;
        for (int layer = topLayer; layer > 0; layer--) {
            boolean moved = true;
            while (moved) {
                moved = false;
                int[] links = upper[current];
                int at = linksAt(current, layer, maxConnections);
                int count = links[at];
                for (int j = 1; j <= count; j++) {
                    int neighbour = links[at + j];
                    float s = score(query, neighbour);
                    visits++;
                    if (s > best) {
                        best = s;
                        current = neighbour;
                        moved = true;
                    }
                }
            }
        }
        if (visits > visitLimit) {
            return -1;
        }
        ScoredHeap candidates = new ScoredHeap(4 * k + 16);
        ScoredHeap results = new ScoredHeap(k + 1);
        VisitedSet visited = new VisitedSet(16 * k + 256);
        visited.add(current);
        long start = ScoredHeap.pack(best, current);
        candidates.pushMax(start);
        if (accept == null || accept.test(current)) {
            results.push(start);
        }
        int slot = slot0();
        int[] batch = new int[slot];
        float[] scores = new float[slot];
        while (!candidates.isEmpty()) {
            long next = candidates.popMax();
            if (results.size() >= k && next < results.peek()) {
                break;
            }
            int at = ScoredHeap.node(next) * slot;
            int count = layer0[at];
            int fresh = 0;
            for (int j = 1; j <= count; j++) {
                int neighbour = layer0[at + j];
                if (visited.add(neighbour)) {
                    batch[fresh++] = neighbour;
                }
            }
            visits += fresh;
            if (visits > visitLimit) {
                return -1;
            }
            // Scored apart from the heaps: independent loads the CPU overlaps, as hnswlib's prefetches do.
            for (int j = 0; j < fresh; j++) {
                scores[j] = score(query, batch[j]);
            }
            for (int j = 0; j < fresh; j++) {
                int neighbour = batch[j];
                long scored = ScoredHeap.pack(scores[j], neighbour);
                if (results.size() < k || scored > results.peek()) {
                    candidates.pushMax(scored);
                    if (accept == null || accept.test(neighbour)) {
                        results.push(scored);
                        if (results.size() > k) {
                            results.pop();
                        }
                    }
                }
            }
        }
        int found = Math.min(results.size(), out.length);
        while (results.size() > found) {
            results.pop();
        }
        for (int r = found - 1; r >= 0; r--) {
            out[r] = ScoredHeap.node(results.pop());
        }
        return found;
    }

    /** Bytes of the graph's links (not its vectors). */
    long linkBytes() {
        long bytes = (long) layer0.length * Integer.BYTES;
        for (int[] links : upper) {
            if (links != null) {
                bytes += (long) links.length * Integer.BYTES;
            }
        }
        return bytes;
    }

    /**
     * The nodes a query has reached: an open-addressing set sized to the walk, not to the graph, so
     * that a search over a million items touches kilobytes, and concurrent searches hold no more.
     */
    static final class VisitedSet {

        private int[] table;
        private int mask;
        private int count;

        VisitedSet(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
            table = new int[capacity];
            Arrays.fill(table, -1);
            mask = capacity - 1;
        }

        /** Adds {@code node}; false when it was there already. */
        boolean add(int node) {
            int at = mix(node) & mask;
            while (true) {
                int held = table[at];
                if (held == node) {
                    return false;
                }
                if (held == -1) {
                    table[at] = node;
                    if (++count * 2 > table.length) {
                        grow();
                    }
                    return true;
                }
                at = (at + 1) & mask;
            }
        }

        private static int mix(int node) {
            int h = node * 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        private void grow() {
            int[] old = table;
            table = new int[old.length * 2];
            Arrays.fill(table, -1);
            mask = table.length - 1;
            for (int node : old) {
                if (node != -1) {
                    int at = mix(node) & mask;
                    while (table[at] != -1) {
                        at = (at + 1) & mask;
                    }
                    table[at] = node;
                }
            }
        }
    }
}
