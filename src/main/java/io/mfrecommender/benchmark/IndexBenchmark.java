package io.mfrecommender.benchmark;

import io.mfrecommender.index.ItemIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's item index against hnswlib on the same vectors (#35): {@link #write} puts a
 * synthetic catalogue's item vectors and users' vectors (the queries) in {@code items.npy} and
 * {@code queries.npy}; {@code bench/hnswlib_side.py} builds hnswlib's graphs over them and writes
 * the exact top 10 of each query ({@code truth.npy}); {@link #run} builds this service's index
 * over the same vectors with the same links, beam and threads, and prints its build time and, per
 * search width, the median and p99 latency of a top-10 (one thread, candidates re-scored exactly,
 * as the service does) and recall@10 against the truth. {@code bench/index-vs-hnswlib.sh} runs
 * the three and prints them side by side.
 */
public final class IndexBenchmark {

    private static final Pattern SHAPE = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)");
    private static final Pattern DESCR = Pattern.compile("'descr': '([<|]?[fi]4)'");

    private final PrintStream out;

    public IndexBenchmark(PrintStream out) {
        this.out = out;
    }

    /** Writes {@code items.npy} ({@code items × k}) and {@code queries.npy} ({@code queries × k}) into {@code directory}. */
    public int write(Path directory, int items, int k, int queries, long seed) {
        SyntheticCatalogue.Vectors vectors = new SyntheticCatalogue(items, k, queries, seed).vectors();
        try {
            Files.createDirectories(directory);
            writeFloats(directory.resolve("items.npy"), vectors.items(), items, k);
            writeFloats(directory.resolve("queries.npy"), vectors.users(), queries, k);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.printf(Locale.ROOT, "wrote %d item vectors and %d queries of %d factors%n", items, queries, k);
        return 0;
    }

    /** Builds the index over {@code items.npy} and measures it against {@code truth.npy}. */
    public int run(Path directory, int threads, ItemIndex.Shape shape, int[] widths) {
        try {
            Matrix items = read(directory.resolve("items.npy"));
            Matrix queries = read(directory.resolve("queries.npy"));
            Matrix truth = read(directory.resolve("truth.npy"));
            int n = items.rows();
            int k = items.columns();
            float[] unit = unitRows(items.values(), n, k);
            Path indexDirectory = Files.createTempDirectory("mf-recommender-index-benchmark");
            long start = System.nanoTime();
            ItemIndex.build(items.values(), unit, n, k, "benchmark", shape, indexDirectory, threads);
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "service   build %d × %d, M %d, beam %d, %d threads: %.1f s (two graphs: inner product and cosine)%n",
                    n,
                    k,
                    shape.maxConnections(),
                    shape.beamWidth(),
                    threads,
                    buildSeconds);
            try (ItemIndex index = ItemIndex.open(indexDirectory, items.values(), unit, n, k, "benchmark")) {
                for (int width : widths) {
                    curve(index, items, queries, truth, width);
                }
            } finally {
                deleteTree(indexDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    private void curve(ItemIndex index, Matrix items, Matrix queries, Matrix truth, int width) {
        int k = items.columns();
        int q = queries.rows();
        int[] found = new int[Math.max(width, 10)];
        long[] nanos = new long[q];
        double recall = 0;
        float[] query = new float[k];
        for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT up
            recall = 0;
            for (int i = 0; i < q; i++) {
                System.arraycopy(queries.values(), i * k, query, 0, k);
                long start = System.nanoTime();
                int count = index.search(
                        ItemIndex.Space.INNER_PRODUCT,
                        query,
                        Math.max(width, 10),
                        item -> true,
                        Integer.MAX_VALUE,
                        found);
                int[] top = topTen(items.values(), k, query, found, count);
                nanos[i] = System.nanoTime() - start;
                recall += overlap(top, truth.values(), i) / 10.0;
            }
        }
        Arrays.sort(nanos);
        out.printf(
                Locale.ROOT,
                "service   ef %4d: median %.3f ms, p99 %.3f ms, recall@10 %.4f%n",
                width,
                nanos[q / 2] / 1e6,
                nanos[(int) Math.min(q - 1, Math.ceil(q * 0.99) - 1)] / 1e6,
                recall / q);
    }

    /** The ten of {@code candidates} with the largest inner product with {@code query}, re-scored exactly. */
    private static int[] topTen(float[] rows, int k, float[] query, int[] candidates, int count) {
        int[] best = new int[10];
        float[] scores = new float[10];
        Arrays.fill(best, -1);
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        for (int c = 0; c < Math.max(0, count); c++) {
            int item = candidates[c];
            float score = 0;
            for (int f = 0; f < k; f++) {
                score += rows[item * k + f] * query[f];
            }
            if (score > scores[9]) {
                int at = 9;
                while (at > 0 && scores[at - 1] < score) {
                    scores[at] = scores[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                scores[at] = score;
                best[at] = item;
            }
        }
        return best;
    }

    private static int overlap(int[] top, float[] truth, int query) {
        int hits = 0;
        for (int item : top) {
            for (int t = 0; t < 10; t++) {
                if (item >= 0 && (int) truth[query * 10 + t] == item) {
                    hits++;
                    break;
                }
            }
        }
        return hits;
    }

    private static float[] unitRows(float[] rows, int n, int k) {
        float[] unit = new float[rows.length];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int f = 0; f < k; f++) {
                norm += rows[i * k + f] * rows[i * k + f];
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
            for (int f = 0; f < k; f++) {
                unit[i * k + f] = rows[i * k + f] * scale;
            }
        }
        return unit;
    }

    /** A two-dimensional array read from a {@code .npy} file; integers are held as floats. */
    record Matrix(int rows, int columns, float[] values) {}

    static void writeFloats(Path file, float[] values, int rows, int columns) throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        head.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        head.putShort((short) header.length());
        head.put(header.getBytes(StandardCharsets.US_ASCII));
        head.flip();
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(head);
            ByteBuffer body = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : values) {
                if (!body.hasRemaining()) {
                    body.flip();
                    channel.write(body);
                    body.clear();
                }
                body.putFloat(value);
            }
            body.flip();
            channel.write(body);
        }
    }

    /** Reads a C-ordered two-dimensional {@code <f4} or {@code <i4} array, as this class and numpy write them. */
    static Matrix read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(head, 0);
            int headerLength = head.getShort(8) & 0xffff;
            ByteBuffer header = ByteBuffer.allocate(headerLength);
            channel.read(header, 10);
            String text = new String(header.array(), StandardCharsets.US_ASCII);
            Matcher shape = SHAPE.matcher(text);
            Matcher descr = DESCR.matcher(text);
            if (!shape.find() || !descr.find() || text.contains("'fortran_order': True")) {
                throw new IOException(file.getFileName() + ": not a C-ordered two-dimensional float32 or int32 array");
            }
            int rows = Integer.parseInt(shape.group(1));
            int columns = Integer.parseInt(shape.group(2));
            boolean integers = descr.group(1).endsWith("i4");
            ByteBuffer body = channel.map(FileChannel.MapMode.READ_ONLY, 10 + headerLength, (long) rows * columns * 4)
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[rows * columns];
            for (int i = 0; i < values.length; i++) {
                values[i] = integers ? body.getInt() : body.getFloat();
            }
            return new Matrix(rows, columns, values);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
