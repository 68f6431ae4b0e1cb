package io.mfrecommender.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.zip.CRC32C;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.Bits;

/**
 * Approximate search over the items of a model version: one Lucene segment, in Lucene's own file
 * format, holding two HNSW graphs (Malkov and Yashunin, "Efficient and robust approximate nearest
 * neighbor search using Hierarchical Navigable Small World graphs", TPAMI 2020): one over the
 * ranker's item vectors under {@link VectorSimilarityFunction#MAXIMUM_INNER_PRODUCT} for top-N, one
 * over unit-length similarity vectors for similar items. One graph cannot serve both: ranking a
 * cosine by inner product lets the vectors' lengths decide among near neighbours (measured: recall@10
 * 0.13 on clustered factors with log-normal lengths).
 *
 * <p>Search is approximate: it returns candidates, which the caller re-scores exactly. Filters are
 * applied inside the graph search (a rejected item is walked through but never collected), so a
 * filter costs no recall; a filter so narrow that the walk would visit more items than it admits
 * makes {@link #search} answer "incomplete", and the caller scans the admitted items exactly, as
 * Lucene's own {@code KnnFloatVectorQuery} does.
 *
 * <p>The commit records the row count, the dimension and a CRC-32C of the rows, so an index is
 * only ever opened against the vectors it was built from. Instances are thread-safe; after
 * {@link #close()} a search answers "incomplete" rather than failing.
 */
public final class ItemIndex implements Closeable {

    /**
     * How the graphs are built: links per node ({@code M}) and the candidate list of an insertion.
     * Lucene's defaults are 16 and 100; inner-product graphs need more links than metric ones, as
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
        INNER_PRODUCT("v", VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT),
        /** Inner product with the item's unit-length similarity vector, a cosine: similar items. */
        COSINE("s", VectorSimilarityFunction.DOT_PRODUCT);

        private final String field;
        private final VectorSimilarityFunction function;

        Space(String field, VectorSimilarityFunction function) {
            this.field = field;
            this.function = function;
        }
    }

    private static final String ITEM = "item";
    private static final String DERIVATION = "derivation";
    private static final String ROWS = "rows";
    private static final String DIMENSIONS = "dimensions";
    private static final String CHECKSUM = "checksum";

    static {
        // Unmapping on close while a search still reads the mapping would crash the JVM; without the
        // hack a closed index's mapping goes with the garbage collector and a late search fails
        // cleanly (AlreadyClosedException). Lucene reads this once, when MMapDirectory is first used,
        // and this class is the only one in the service that uses it.
        if (System.getProperty(MMapDirectory.ENABLE_UNMAP_HACK_SYSPROP) == null) {
            System.setProperty(MMapDirectory.ENABLE_UNMAP_HACK_SYSPROP, "false");
        }
    }

    private final DirectoryReader reader;
    private final LeafReader leaf;
    private final int[] itemOfDoc;
    private final int dimensions;

    private ItemIndex(DirectoryReader reader, int[] itemOfDoc, int dimensions) {
        this.reader = reader;
        this.leaf = reader.leaves().get(0).reader();
        this.itemOfDoc = itemOfDoc;
        this.dimensions = dimensions;
    }

    /**
     * Builds the index of {@code rows} ({@code n × k}, row-major) and of {@code unitRows} (the same
     * items' unit-length similarity vectors) into the empty or absent {@code directory}: {@code
     * threads} writers each build the graphs of a slice of the items, then one merge joins them into
     * a single graph per space with {@code threads} workers.
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
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "item-index-build");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
        TieredMergePolicy merges = new TieredMergePolicy();
        merges.setNoCFSRatio(0);
        try (MMapDirectory dir = new MMapDirectory(directory)) {
            KnnVectorsFormat format = new Lucene99HnswVectorsFormat(
                    shape.maxConnections(), shape.beamWidth(), workers, workers > 1 ? pool : null);
            IndexWriterConfig config = new IndexWriterConfig()
                    .setCodec(new Lucene912Codec() {
                        @Override
                        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return format;
                        }
                    })
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setUseCompoundFile(false)
                    .setMaxBufferedDocs(n + 1)
                    .setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH)
                    .setRAMPerThreadHardLimitMB(2000)
                    .setMergePolicy(merges);
            try (IndexWriter writer = new IndexWriter(dir, config)) {
                List<Future<?>> slices = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int from = (int) ((long) n * w / workers);
                    int to = (int) ((long) n * (w + 1) / workers);
                    slices.add(pool.submit(() -> {
                        for (int i = from; i < to; i++) {
                            Document doc = new Document();
                            doc.add(field(Space.INNER_PRODUCT, rows, i, k));
                            doc.add(field(Space.COSINE, unitRows, i, k));
                            doc.add(new NumericDocValuesField(ITEM, i));
                            writer.addDocument(doc);
                        }
                        return null;
                    }));
                }
                for (Future<?> slice : slices) {
                    slice.get();
                }
                writer.forceMerge(1);
                writer.setLiveCommitData(Map.of(
                                ROWS, Integer.toString(n),
                                DIMENSIONS, Integer.toString(k),
                                CHECKSUM, Long.toString(checksum(rows)),
                                DERIVATION, derivation)
                        .entrySet());
                writer.commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the index build was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static KnnFloatVectorField field(Space space, float[] rows, int i, int k) {
        float[] vector = new float[k];
        System.arraycopy(rows, i * k, vector, 0, k);
        return new KnnFloatVectorField(space.field, vector, space.function);
    }

    /**
     * Opens the index in {@code directory} built from exactly {@code rows} by the same derivation.
     *
     * @throws IndexMismatchException when it holds other vectors, or is not a complete index
     */
    public static ItemIndex open(Path directory, float[] rows, int n, int k, String derivation) {
        if (!Files.isDirectory(directory)) {
            throw new IndexMismatchException("there is no index");
        }
        DirectoryReader reader = null;
        try {
            MMapDirectory dir = new MMapDirectory(directory);
            reader = DirectoryReader.open(dir);
            Map<String, String> data = reader.getIndexCommit().getUserData();
            if (reader.leaves().size() != 1
                    || !Integer.toString(n).equals(data.get(ROWS))
                    || !Integer.toString(k).equals(data.get(DIMENSIONS))
                    || reader.maxDoc() != n) {
                throw new IndexMismatchException("it was built for " + data.get(ROWS) + " items of "
                        + data.get(DIMENSIONS) + " factors, the version has " + n + " of " + k);
            }
            if (!Long.toString(checksum(rows)).equals(data.get(CHECKSUM))) {
                throw new IndexMismatchException("it was built from other item factors (checksum differs)");
            }
            if (!derivation.equals(data.get(DERIVATION))) {
                throw new IndexMismatchException("its similarity vectors were made by another rule ("
                        + data.get(DERIVATION) + ", now " + derivation + ")");
            }
            LeafReader leaf = reader.leaves().get(0).reader();
            int[] itemOfDoc = new int[n];
            NumericDocValues items = leaf.getNumericDocValues(ITEM);
            for (int doc = items.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = items.nextDoc()) {
                itemOfDoc[doc] = (int) items.longValue();
            }
            ItemIndex index = new ItemIndex(reader, itemOfDoc, k);
            reader = null;
            return index;
        } catch (IOException e) {
            throw new IndexMismatchException("it cannot be read: " + e.getMessage());
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // Nothing was handed out.
                }
            }
        }
    }

    /**
     * Up to {@code k} items with the largest inner product with {@code query} among those
     * {@code accept} admits (all when null), best first by the graph's estimate, into {@code out};
     * the walk gives up after visiting {@code visitLimit} items.
     *
     * @return how many were found, or −1 when the walk gave up (the filter is narrower than the
     *     walk it needs) or the index was closed: scan exactly instead
     */
    public int search(Space space, float[] query, int k, IntPredicate accept, int visitLimit, int[] out) {
        if (query.length != dimensions) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, the index " + dimensions);
        }
        TopKnnCollector collector = new TopKnnCollector(k, visitLimit);
        Bits acceptDocs = accept == null
                ? null
                : new Bits() {
                    @Override
                    public boolean get(int doc) {
                        return accept.test(itemOfDoc[doc]);
                    }

                    @Override
                    public int length() {
                        return itemOfDoc.length;
                    }
                };
        try {
            leaf.searchNearestVectors(space.field, query, collector, acceptDocs);
        } catch (AlreadyClosedException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (collector.earlyTerminated()) {
            return -1;
        }
        TopDocs top = collector.topDocs();
        int found = Math.min(out.length, top.scoreDocs.length);
        for (int r = 0; r < found; r++) {
            ScoreDoc hit = top.scoreDocs[r];
            out[r] = itemOfDoc[hit.doc];
        }
        return found;
    }

    public int size() {
        return itemOfDoc.length;
    }

    public int dimensions() {
        return dimensions;
    }

    /** Bytes of the index files (vectors, graph, metadata). */
    public long bytes() {
        long sum = 0;
        try {
            for (String file : reader.directory().listAll()) {
                sum += reader.directory().fileLength(file);
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
