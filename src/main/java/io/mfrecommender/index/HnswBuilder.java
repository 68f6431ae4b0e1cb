package io.mfrecommender.index;

import io.mfrecommender.linalg.ScoredHeap;
import io.mfrecommender.linalg.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Builds an {@link HnswGraph} by inserting every row (the paper's algorithm 1, with algorithm 4's
 * neighbour selection heuristic, as hnswlib does), on several threads at once: each thread takes
 * the next row in order; a node's links are written under a lock of its own (one of 4,096 stripes);
 * a node that lands above the graph's top layer holds the entry lock for its whole insertion, so no
 * search enters through a node that has no links yet. Layers are drawn up front from a seeded
 * generator; with one thread the graph is the same every time, with more it depends on timing, as
 * hnswlib's and Lucene's do.
 */
final class HnswBuilder {

    private static final int STRIPES = 1 << 12;
    private static final long LEVEL_SEED = 7;

    private final float[] vectors;
    private final int size;
    private final int dimensions;
    private final int maxConnections;
    private final int beamWidth;
    private final int[] layer0;
    private final int[][] upper;
    private final Object[] locks = new Object[STRIPES];
    private final ReentrantLock entryLock = new ReentrantLock();
    private volatile int entry;
    private volatile int topLayer;

    private HnswBuilder(float[] vectors, int size, int dimensions, int maxConnections, int beamWidth) {
        this.vectors = vectors;
        this.size = size;
        this.dimensions = dimensions;
        this.maxConnections = maxConnections;
        this.beamWidth = beamWidth;
        this.layer0 = new int[Math.multiplyExact(size, 1 + 2 * maxConnections)];
        this.upper = new int[size][];
        SplittableRandom random = new SplittableRandom(LEVEL_SEED);
        double scale = 1 / Math.log(maxConnections);
        for (int node = 0; node < size; node++) {
            int layers = (int) (-Math.log(1 - random.nextDouble()) * scale);
            if (layers > 0) {
                upper[node] = new int[layers * (1 + maxConnections)];
            }
        }
        for (int s = 0; s < STRIPES; s++) {
            locks[s] = new Object();
        }
    }

    /**
     * The graph of the {@code size} rows of {@code vectors} ({@code dimensions} wide), with {@code
     * maxConnections} links per node ({@code 2 ×} on layer 0) and a candidate list of {@code
     * beamWidth} per insertion, built on {@code pool} with {@code workers} threads (the caller's
     * thread alone when {@code pool} is null).
     */
    static HnswGraph build(
            float[] vectors,
            int size,
            int dimensions,
            int maxConnections,
            int beamWidth,
            ExecutorService pool,
            int workers) {
        HnswBuilder builder = new HnswBuilder(vectors, size, dimensions, maxConnections, beamWidth);
        if (size > 0) {
            builder.entry = 0;
            builder.topLayer = builder.layersAbove(0);
            AtomicInteger next = new AtomicInteger(1);
            Runnable insertAll = () -> {
                Worker worker = builder.new Worker();
                for (int node = next.getAndIncrement(); node < size; node = next.getAndIncrement()) {
                    worker.insert(node);
                }
            };
            if (pool == null || workers <= 1) {
                insertAll.run();
            } else {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    running.add(pool.submit(insertAll));
                }
                await(running);
            }
        }
        return new HnswGraph(
                vectors,
                size,
                dimensions,
                maxConnections,
                builder.layer0,
                builder.upper,
                builder.entry,
                builder.topLayer);
    }

    private static void await(List<Future<?>> running) {
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            running.forEach(future -> future.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the index build was interrupted", e);
        } catch (ExecutionException e) {
            running.forEach(future -> future.cancel(true));
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private int layersAbove(int node) {
        return HnswGraph.layersAbove(upper[node], maxConnections);
    }

    /** The array holding {@code node}'s links on {@code layer}; they start at {@link HnswGraph#linksAt}. */
    private int[] linksOf(int node, int layer) {
        return layer == 0 ? layer0 : upper[node];
    }

    private float score(int a, int b) {
        return Vectors.dot(vectors, a * dimensions, vectors, b * dimensions, dimensions);
    }

    private Object lock(int node) {
        return locks[node & (STRIPES - 1)];
    }

    /** One thread's insertions, with its scratch space reused from one to the next. */
    private final class Worker {

        private final int[] marks = new int[size];
        private int mark;
        private final ScoredHeap candidates = new ScoredHeap(4 * beamWidth);
        private final ScoredHeap results = new ScoredHeap(beamWidth + 1);
        private final long[] ranked = new long[Math.max(beamWidth, 2 * maxConnections + 1)];
        private final int[] chosen = new int[2 * maxConnections + 1];
        private final int[] links = new int[2 * maxConnections + 1];
        private final float[] scores = new float[2 * maxConnections + 1];
        /** The new node's links on the layer being joined, apart from {@link #chosen}, which pruning reuses. */
        private final int[] selected = new int[maxConnections];

        void insert(int node) {
            int layers = layersAbove(node);
            boolean raises = false;
            entryLock.lock();
            int top;
            int current;
            try {
                top = topLayer;
                current = entry;
                raises = layers > top;
            } finally {
                if (!raises) {
                    entryLock.unlock();
                }
            }
            try {
                float best = score(node, current);
                for (int layer = top; layer > layers; layer--) {
                    boolean moved = true;
                    while (moved) {
                        moved = false;
                        int count = copyLinks(current, layer);
                        for (int j = 0; j < count; j++) {
                            float s = score(node, links[j]);
                            if (s > best) {
                                best = s;
                                current = links[j];
                                moved = true;
                            }
                        }
                    }
                }
                for (int layer = Math.min(layers, top); layer >= 0; layer--) {
                    searchLayer(node, current, layer);
                    int found = drainBestFirst();
                    current = ScoredHeap.node(ranked[0]);
                    int kept = select(node, ranked, found, maxConnections);
                    System.arraycopy(chosen, 0, selected, 0, kept);
                    setLinks(node, layer, selected, kept);
                    for (int c = 0; c < kept; c++) {
                        connect(selected[c], node, layer);
                    }
                }
                if (raises) {
                    entry = node;
                    topLayer = layers;
                }
            } finally {
                if (raises) {
                    entryLock.unlock();
                }
            }
        }

        /** The beam search of one layer from {@code start} (algorithm 2), into {@link #results}. */
        private void searchLayer(int node, int start, int layer) {
            if (++mark == 0) {
                Arrays.fill(marks, 0);
                mark = 1;
            }
            candidates.clear();
            results.clear();
            marks[start] = mark;
            long first = ScoredHeap.pack(score(node, start), start);
            candidates.pushMax(first);
            results.push(first);
            while (!candidates.isEmpty()) {
                long next = candidates.popMax();
                if (results.size() >= beamWidth && next < results.peek()) {
                    break;
                }
                int count = copyLinks(ScoredHeap.node(next), layer);
                int fresh = 0;
                for (int j = 0; j < count; j++) {
                    int neighbour = links[j];
                    if (marks[neighbour] != mark) {
                        marks[neighbour] = mark;
                        links[fresh++] = neighbour;
                    }
                }
                // Scored apart from the heaps: independent loads the CPU overlaps, as hnswlib's prefetches do.
                for (int j = 0; j < fresh; j++) {
                    scores[j] = score(node, links[j]);
                }
                for (int j = 0; j < fresh; j++) {
                    long scored = ScoredHeap.pack(scores[j], links[j]);
                    if (results.size() < beamWidth || scored > results.peek()) {
                        candidates.pushMax(scored);
                        results.push(scored);
                        if (results.size() > beamWidth) {
                            results.pop();
                        }
                    }
                }
            }
        }

        /** Empties {@link #results} into {@link #ranked}, best first; returns how many. */
        private int drainBestFirst() {
            int found = results.size();
            for (int r = found - 1; r >= 0; r--) {
                ranked[r] = results.pop();
            }
            return found;
        }

        /**
         * Algorithm 4 (the heuristic): walks {@code ranked} (scores to {@code base}, best first) and
         * keeps a candidate only when it is closer to {@code base} than to every one kept before it,
         * up to {@code limit}, into {@link #chosen}. Fewer than {@code limit} candidates are all kept.
         */
        private int select(int base, long[] ranked, int count, int limit) {
            if (count <= limit) {
                for (int c = 0; c < count; c++) {
                    chosen[c] = ScoredHeap.node(ranked[c]);
                }
                return count;
            }
            int kept = 0;
            for (int c = 0; c < count && kept < limit; c++) {
                int candidate = ScoredHeap.node(ranked[c]);
                float toBase = ScoredHeap.score(ranked[c]);
                boolean diverse = true;
                for (int r = 0; r < kept; r++) {
                    if (score(candidate, chosen[r]) > toBase) {
                        diverse = false;
                        break;
                    }
                }
                if (diverse) {
                    chosen[kept++] = candidate;
                }
            }
            return kept;
        }

        /** Adds {@code node} to the links of {@code neighbour}, pruning them by the heuristic when full. */
        private void connect(int neighbour, int node, int layer) {
            int limit = layer == 0 ? 2 * maxConnections : maxConnections;
            synchronized (lock(neighbour)) {
                int[] array = linksOf(neighbour, layer);
                int at = HnswGraph.linksAt(neighbour, layer, maxConnections);
                int count = array[at];
                for (int j = 1; j <= count; j++) {
                    if (array[at + j] == node) {
                        return;
                    }
                }
                if (count < limit) {
                    array[at + 1 + count] = node;
                    array[at] = count + 1;
                    return;
                }
                results.clear();
                results.push(ScoredHeap.pack(score(neighbour, node), node));
                for (int j = 1; j <= count; j++) {
                    int other = array[at + j];
                    results.push(ScoredHeap.pack(score(neighbour, other), other));
                }
                int found = drainBestFirst();
                int kept = select(neighbour, ranked, found, limit);
                System.arraycopy(chosen, 0, array, at + 1, kept);
                array[at] = kept;
            }
        }

        private void setLinks(int node, int layer, int[] newLinks, int count) {
            synchronized (lock(node)) {
                int[] array = linksOf(node, layer);
                int at = HnswGraph.linksAt(node, layer, maxConnections);
                System.arraycopy(newLinks, 0, array, at + 1, count);
                array[at] = count;
            }
        }

        /** The links of {@code node} on {@code layer}, copied under its lock into {@link #links}. */
        private int copyLinks(int node, int layer) {
            synchronized (lock(node)) {
                int[] array = linksOf(node, layer);
                int at = HnswGraph.linksAt(node, layer, maxConnections);
                int count = array[at];
                System.arraycopy(array, at + 1, links, 0, count);
                return count;
            }
        }
    }
}
