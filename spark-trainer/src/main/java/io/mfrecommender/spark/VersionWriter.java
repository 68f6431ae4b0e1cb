package io.mfrecommender.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one version directory in the service's format through Hadoop's {@code FileSystem}: under
 * {@code .staging-<version>} first, the {@code .npy} files streamed from Spark in id order, then
 * {@code manifest.json} last, then one rename to {@code <version>}. On HDFS and local disks the
 * rename is atomic, so the service never sees half a version. On object stores (S3A, GCS) a
 * "rename" is a copy: a reader may see the directory fill, but the service lists only directories
 * with a manifest and refuses a version whose files are incomplete, so half a version is never
 * served; write to HDFS or a local disk and copy the finished directory where that matters.
 */
final class VersionWriter {

    private VersionWriter() {}

    /**
     * @param users rows {@code (id long, bias double, p array<float>, w array<float>)} in id order:
     *              the rating model's bias and factors and the ranker's factors
     * @param items the same for movies
     * @return the version directory
     */
    static String write(
            SparkSession spark,
            String output,
            String version,
            Dataset<Row> users,
            Dataset<Row> items,
            int factors,
            int rankerFactors,
            Map<String, Object> manifest) {
        try {
            Path root = new Path(output);
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Path staging = new Path(root, ".staging-" + version);
            Path target = new Path(root, version);
            if (fs.exists(target)) {
                throw new IOException(target + " exists already");
            }
            fs.mkdirs(staging);
            side(fs, staging, "user", users, factors, rankerFactors);
            side(fs, staging, "item", items, factors, rankerFactors);
            try (OutputStream out = fs.create(new Path(staging, "manifest.json"), true)) {
                out.write(SparkTrainer.json(manifest).getBytes(StandardCharsets.UTF_8));
            }
            if (!fs.rename(staging, target)) {
                throw new IOException("could not rename " + staging + " to " + target);
            }
            return target.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the model version under " + output + ": " + e.getMessage(), e);
        }
    }

    private static void side(
            FileSystem fs, Path dir, String side, Dataset<Row> rows, int k, int rankerK)
            throws IOException {
        long n = rows.count();
        try (NpyOutput ids = NpyOutput.longs(fs.create(new Path(dir, side + "-ids.npy")), n);
                NpyOutput bias = NpyOutput.floats(fs.create(new Path(dir, side + "-bias.npy")), n);
                NpyOutput factors = NpyOutput.floats(fs.create(new Path(dir, side + "-factors.npy")), n, k);
                NpyOutput ranking =
                        NpyOutput.floats(fs.create(new Path(dir, "ranking-" + side + "-factors.npy")), n, rankerK)) {
            Iterator<Row> each = rows.toLocalIterator();
            while (each.hasNext()) {
                Row row = each.next();
                ids.write(row.getLong(0));
                bias.write((float) row.getDouble(1));
                List<Float> p = row.getList(2);
                for (Float value : p) {
                    factors.write(value);
                }
                List<Float> w = row.getList(3);
                for (Float value : w) {
                    ranking.write(value);
                }
            }
        }
    }
}
