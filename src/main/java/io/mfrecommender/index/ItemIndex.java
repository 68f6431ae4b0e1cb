package io.mfrecommender.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntPredicate;
import java.util.zip.CRC32C;

/**
 * Approximate search over the items of a model version: two HNSW graphs ({@link HnswGraph}), one
 * over the ranker's item vectors by inner product for top-N, one over unit-length similarity vectors
 * for similar items. One graph cannot serve both: ranking a cosine by inner product lets the vectors'
 * lengths decide among near neighbours (measured: recall@10 0.13 on clustered factors with
 * log-normal lengths).
 *
 * <p>Search is approximate: it returns candidates, which the caller re-scores exactly. Filters are
 * applied inside the graph search (a rejected item is walked through but never collected), so a
 * filter costs no recall; a filter so narrow that the walk would visit more items than it admits
 * makes {@link #search} answer "incomplete", and the caller scans the admitted items exactly.
 *
 * <p>The file ({@link IndexFile}) records the row count, the dimension and a CRC-32C of the rows, so
 * an index is only ever opened against the vectors it was built from. Instances are thread-safe;
 * after {@link #close()} a search answers "incomplete" rather than failing.
 */
public final class ItemIndex implements Closeable {

    /**
     * How the graphs are built: links per node ({@code M}) and the candidate list of an insertion.
     * Lucene's defaults are 16 and 100 (hnswlib's M is 16 too); inner-product graphs need more links than metric ones, as
     * some items are reached only through few (with 16 links, page 3 of a list matched the exact scan
     * 0.88 of the time on a clustered catalogue, with 32 links 0.97: {@code IndexedRecommendationTests}).
     */
    public record Shape(int maxConnections, int beamWidth) {

        public static final Shape DEFAULT = new Shape(32, 100);

        public Shape {
            if (maxConnections < 2 || maxConnections > 512 || beamWidth < 1 || beamWidth > 3200) {
                throw new IllegalArgumentException("links per node must be 2..512 and the beam 1..3200");
            }
        }
    }

    /** What a search ranks by. */
    public enum Space {
        /** Inner product with the item's vector: top-N. */
        INNER_PRODUCT,
        /** Inner product with the item's unit-length similarity vector, a cosine: similar items. */
        COSINE
    }

    private final HnswGraph inner;
    private final HnswGraph cosine;
    private final long bytes;
    private volatile boolean closed;

    private ItemIndex(HnswGraph inner, HnswGraph cosine, long bytes) {
        this.inner = inner;
        this.cosine = cosine;
        this.bytes = bytes;
    }

    /**
     * Builds the index of {@code rows} ({@code n × k}, row-major) and of {@code unitRows} (the same
     * items' unit-length similarity vectors) into {@code directory} (created when absent): each graph
     * is built by {@code threads} threads inserting items concurrently ({@link HnswBuilder}).
     *
     * @param derivation how {@code unitRows} were made from {@code rows}: recorded, and checked by
     *     {@link #open}, so that an index made by another rule is rebuilt
     */
    public static void build(
            float[] rows, float[] unitRows, int n, int k, String derivation, Shape shape, Path directory, int threads) {
        if (n < 1 || rows.length != (long) n * k || unitRows.length != rows.length) {
            throw new IllegalArgumentException("expected " + n + " × " + k + " values, got " + rows.length);
        }
        int workers = Math.max(1, Math.min(threads, n / 1000 + 1));
        ExecutorService pool = workers == 1
                ? null
                : Executors.newFixedThreadPool(workers, runnable -> {
                    Thread thread = new Thread(runnable, "item-index-build");
                    thread.setDaemon(true);
                    thread.setPriority(Thread.MIN_PRIORITY);
                    return thread;
                });
        try {
            HnswGraph innerGraph =
                    HnswBuilder.build(rows, n, k, shape.maxConnections(), shape.beamWidth(), pool, workers);
            HnswGraph cosineGraph =
                    HnswBuilder.build(unitRows, n, k, shape.maxConnections(), shape.beamWidth(), pool, workers);
            Files.createDirectories(directory);
            Files.deleteIfExists(directory.resolve(IndexFile.NAME));
            IndexFile.write(
                    directory,
                    new IndexFile.Header(n, k, shape.maxConnections(), checksum(rows), checksum(unitRows), derivation),
                    innerGraph,
                    cosineGraph);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Opens the index in {@code directory} built from exactly {@code rows} and {@code unitRows} by
     * the same derivation; it searches those arrays, which must not change while it is open.
     *
     * @throws IndexMismatchException when it was built from other vectors, or is not a complete index
     */
    public static ItemIndex open(Path directory, float[] rows, float[] unitRows, int n, int k, String derivation) {
        if (!Files.isDirectory(directory)) {
            throw new IndexMismatchException("there is no index");
        }
        try {
            IndexFile.Header header = IndexFile.header(directory);
            if (header.rows() != n
                    || header.dimensions() != k
                    || rows.length != (long) n * k
                    || unitRows.length != rows.length) {
                throw new IndexMismatchException("it was built for " + header.rows() + " items of "
                        + header.dimensions() + " factors, the version has " + n + " of " + k);
            }
            if (header.checksum() != checksum(rows)) {
                throw new IndexMismatchException("it was built from other item factors (checksum differs)");
            }
            if (!derivation.equals(header.derivation())) {
                throw new IndexMismatchException("its similarity vectors were made by another rule ("
                        + header.derivation() + ", now " + derivation + ")");
            }
            if (header.unitChecksum() != checksum(unitRows)) {
                throw new IndexMismatchException("it was built from other similarity vectors (checksum differs)");
            }
            IndexFile.Contents contents = IndexFile.read(directory);
            if (!contents.header().equals(header)) {
                throw new IndexMismatchException("it changed while it was read");
            }
            return new ItemIndex(
                    contents.inner().over(rows, header),
                    contents.cosine().over(unitRows, header),
                    Files.size(directory.resolve(IndexFile.NAME)));
        } catch (NoSuchFileException e) {
            throw new IndexMismatchException("it is not a complete index (no " + IndexFile.NAME + ")");
        } catch (IOException e) {
            throw new IndexMismatchException("it cannot be read: " + e.getMessage());
        }
    }

    /**
     * Up to {@code k} items with the largest inner product with {@code query} among those
     * {@code accept} admits (all when null), best first by the graph's estimate, into {@code out};
     * the walk is {@code k} wide and gives up after visiting {@code visitLimit} items.
     *
     * @return how many were found, or −1 when the walk gave up (the filter is narrower than the
     *     walk it needs) or the index was closed: scan exactly instead
     */
    public int search(Space space, float[] query, int k, IntPredicate accept, int visitLimit, int[] out) {
        if (query.length != inner.dimensions) {
            throw new IllegalArgumentException(
                    "query has " + query.length + " dimensions, the index " + inner.dimensions);
        }
        if (closed) {
            return -1;
        }
        HnswGraph graph = space == Space.INNER_PRODUCT ? inner : cosine;
        return graph.search(query, k, accept, visitLimit, out);
    }

    public int size() {
        return inner.size;
    }

    public int dimensions() {
        return inner.dimensions;
    }

    /** Bytes of the index file (both graphs' links and the header; the vectors are the version's). */
    public long bytes() {
        return bytes;
    }

    /** Marks the index closed: later searches answer "incomplete"; its memory goes with the last reference. */
    @Override
    public void close() {
        closed = true;
    }

    /** CRC-32C of the rows' float bits, little-endian: what ties an index to its vectors. */
    static long checksum(float[] rows) {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = buffer.asFloatBuffer();
        for (int at = 0; at < rows.length; at += floats.capacity()) {
            int count = Math.min(floats.capacity(), rows.length - at);
            floats.clear();
            floats.put(rows, at, count);
            crc.update(buffer.array(), 0, count * Float.BYTES);
        }
        return crc.getValue();
    }
}
