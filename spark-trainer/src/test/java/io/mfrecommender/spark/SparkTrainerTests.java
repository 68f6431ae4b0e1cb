package io.mfrecommender.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job on Spark itself ({@code local[2]}), on seeded synthetic ratings and on MovieLens 100K {@code u1}. */
class SparkTrainerTests {

    private final SparkSession spark = LocalSpark.session();

    static TrainerOptions options(String... extra) {
        String[] base = {
            "--ratings", LocalSpark.ratings().toString(),
            "--factors", "6",
            "--ranker-factors", "6",
            "--iterations", "8",
            "--alpha", "2"
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return TrainerOptions.parse(args);
    }

    /**
     * One version directory in the service's format, renamed into place; its predictions are MLlib's
     * {@code ALSModel.transform} plus the pre-step's biases, to 1e-5, for every training pair.
     */
    @Test
    void writesAVersionWhosePredictionsAreSparksPlusTheBiases(@TempDir Path models) throws IOException {
        SparkTrainer.Result result = SparkTrainer.run(spark, options("--output", models.toString()));
        Path version = models.resolve(result.version());
        try (var entries = Files.list(models)) {
            assertEquals(List.of(version), entries.toList(), "the version, and no staging directory left");
        }
        for (String file : List.of(
                "user-ids.npy", "item-ids.npy", "user-bias.npy", "item-bias.npy", "user-factors.npy",
                "item-factors.npy", "ranking-user-factors.npy", "ranking-item-factors.npy", "manifest.json")) {
            assertTrue(Files.isRegularFile(version.resolve(file)), file);
        }
        String manifest = Files.readString(version.resolve("manifest.json"));
        assertTrue(manifest.contains("\"algorithm\": \"spark-als\""), manifest);
        assertTrue(manifest.contains("\"algorithm\": \"spark-als-implicit\""), manifest);
        assertTrue(manifest.contains("\"heldOutRmse\": "), manifest);
        assertTrue(manifest.contains("\"heldOutNdcgAtK\": "), manifest);

        assertPredictionsAreSparks(result, version, 6, 5_000);
        double rmse = (Double) result.evaluation().get("heldOutRmse");
        assertTrue(rmse > 0.3 && rmse < 1.2, "held-out RMSE " + rmse);
    }

    /** The service's text format, named-column CSV and Parquet read to the same ratings. */
    @Test
    void textCsvAndParquetReadTheSameRatings(@TempDir Path dir) {
        org.apache.spark.sql.Dataset<Row> text = RatingsInput.read(spark, LocalSpark.ratings().toString(), "auto");
        String csv = dir.resolve("ratings.csv").toString();
        String parquet = dir.resolve("ratings.parquet").toString();
        text.withColumnRenamed("user", "userId")
                .withColumnRenamed("movie", "movieId")
                .coalesce(1)
                .write()
                .option("header", "true")
                .csv(csv);
        text.withColumnRenamed("user", "user_id").withColumnRenamed("movie", "item_id").write().parquet(parquet);
        List<Row> expected = text.orderBy("user", "movie").collectAsList();
        assertEquals(7_000, expected.size());
        assertEquals(expected, RatingsInput.read(spark, csv, "csv").orderBy("user", "movie").collectAsList());
        assertEquals(expected, RatingsInput.read(spark, parquet, "auto").orderBy("user", "movie").collectAsList());
        assertEquals(
                "user, movie, rating, timestamp",
                String.join(", ", RatingsInput.read(spark, parquet, "parquet").columns()));
    }

    @Test
    void badOptionsSayWhatIsWrongInOneLine() {
        assertEquals(
                "Missing required option: '--ratings=PATH'",
                assertThrows(TrainerOptions.BadOptionException.class, () -> TrainerOptions.parse("--output", "x"))
                        .getMessage());
        assertEquals(
                "Invalid value for option '--factors': 'many' is not an int",
                assertThrows(
                                TrainerOptions.BadOptionException.class,
                                () -> TrainerOptions.parse("--ratings", "r", "--output", "o", "--factors", "many"))
                        .getMessage());
        assertTrue(assertThrows(
                        TrainerOptions.BadOptionException.class,
                        () -> TrainerOptions.parse("--ratings", "r", "--output", "o", "--rank", "8"))
                .getMessage()
                .startsWith("Unknown options: '--rank'"));
        assertEquals(
                "--factors must be between 1 and 1024, not 0",
                assertThrows(
                                TrainerOptions.BadOptionException.class,
                                () -> TrainerOptions.parse("--ratings", "r", "--output", "o", "--factors", "0"))
                        .getMessage());
        assertTrue(assertThrows(
                        TrainerOptions.BadOptionException.class,
                        () -> TrainerOptions.parse("--ratings", "r", "--output", "o", "--seed", "1", "--seed", "2"))
                .getMessage()
                .contains("--seed"));
        assertTrue(TrainerOptions.helpRequested("--help"));
        assertTrue(TrainerOptions.usage().contains("--ranker-regularization"));
    }

    @Test
    void unreadableRatingsStopTheJobBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.dat"), "no ratings here\n");
        Path models = dir.resolve("models");
        RuntimeException error = assertThrows(
                RuntimeException.class,
                () -> SparkTrainer.run(spark, TrainerOptions.parse("--ratings", empty.toString(), "--output", models.toString())));
        assertTrue(error.getMessage().contains("holds no readable ratings"), error.getMessage());
        assertFalse(Files.exists(models));
    }

    /** MovieLens 100K u1, trained on u1.base and evaluated on u1.test, where the data is present. */
    @Test
    void movieLens100kU1(@TempDir Path models) throws Exception {
        Path data = Path.of(System.getProperty("mf.sharedData", "../../shared/data"), "ml-100k");
        Assumptions.assumeTrue(
                Files.isRegularFile(data.resolve("u1.base")),
                "MovieLens 100K is not at " + data + " (research licence, not redistributed): skipped");
        SparkTrainer.Result result = SparkTrainer.run(
                spark,
                TrainerOptions.parse(
                        "--ratings", data.resolve("u1.base").toString(),
                        "--test", data.resolve("u1.test").toString(),
                        "--output", models.toString(),
                        "--factors", "32",
                        "--ranker-factors", "32",
                        "--iterations", "10"));
        System.out.println("spark-trainer on MovieLens 100K u1: " + result.evaluation());
        assertPredictionsAreSparks(result, models.resolve(result.version()), 32, 70_000);
        // The service's store loads it: its import validates every file.
        Path jar = Path.of(System.getProperty("mf.serviceJar", "../target/mf-recommender.jar"));
        if (Files.isRegularFile(jar)) {
            Process imported = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                            "import", "--from", models.resolve(result.version()).toString(),
                            "--models", models.resolve("service-models").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(models.resolve("import.log").toFile())
                    .start();
            assertTrue(imported.waitFor(2, java.util.concurrent.TimeUnit.MINUTES));
            assertEquals(0, imported.exitValue(), Files.readString(models.resolve("import.log")));
        }
        double rmse = (Double) result.evaluation().get("heldOutRmse");
        double ndcg = (Double) result.evaluation().get("heldOutNdcgAtK");
        assertTrue(rmse < 1.0, "RMSE " + rmse);
        assertTrue(ndcg > 0.2, "NDCG@10 " + ndcg);
    }

    /** Every training pair's score from the written files equals MLlib's prediction plus the biases, to 1e-5. */
    private static void assertPredictionsAreSparks(SparkTrainer.Result result, Path version, int k, int atLeast)
            throws IOException {
        long[] userIds = Npy.longs(version.resolve("user-ids.npy"));
        long[] itemIds = Npy.longs(version.resolve("item-ids.npy"));
        float[] userBias = Npy.floats(version.resolve("user-bias.npy"), userIds.length);
        float[] itemBias = Npy.floats(version.resolve("item-bias.npy"), itemIds.length);
        float[] p = Npy.floats(version.resolve("user-factors.npy"), userIds.length, k);
        float[] q = Npy.floats(version.resolve("item-factors.npy"), itemIds.length, k);
        Map<Long, Integer> userRow = rows(userIds);
        Map<Long, Integer> itemRow = rows(itemIds);

        List<Row> expected = result.ratingModel()
                .transform(result.train()
                        .join(result.userBias(), "u")
                        .join(result.itemBias(), "i"))
                .select(col("user"), col("movie"), col("prediction").plus(result.globalMean()).plus(col("bu")).plus(col("bi")))
                .collectAsList();
        assertTrue(expected.size() > atLeast);
        for (Row row : expected) {
            int u = userRow.get(row.getLong(0));
            int i = itemRow.get(row.getLong(1));
            double score = result.globalMean() + userBias[u] + itemBias[i];
            for (int f = 0; f < k; f++) {
                score += p[u * k + f] * q[i * k + f];
            }
            assertEquals(row.getDouble(2), score, 1e-5, "user " + row.getLong(0) + ", movie " + row.getLong(1));
        }
    }

    private static Map<Long, Integer> rows(long[] ids) {
        Map<Long, Integer> rows = new HashMap<>();
        for (int r = 0; r < ids.length; r++) {
            rows.put(ids[r], r);
        }
        return rows;
    }

    /** Reads back the little {@code .npy} files the job writes (format 1.0, C order). */
    static final class Npy {

        private static final Pattern SHAPE = Pattern.compile("'shape': \\(([^)]*)\\)");

        static long[] longs(Path file) throws IOException {
            ByteBuffer data = body(file, "<i8");
            long[] values = new long[data.remaining() / 8];
            data.asLongBuffer().get(values);
            return values;
        }

        static float[] floats(Path file, long... shape) throws IOException {
            ByteBuffer data = body(file, "<f4");
            String header = header(file);
            Matcher matcher = SHAPE.matcher(header);
            assertTrue(matcher.find(), header);
            String expected = shape.length == 1 ? shape[0] + "," : shape[0] + ", " + shape[1];
            assertEquals(expected, matcher.group(1), file.toString());
            float[] values = new float[data.remaining() / 4];
            data.asFloatBuffer().get(values);
            return values;
        }

        private static String header(Path file) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            int length = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            assertEquals(0, (10 + length) % 64, "header padded to 64 bytes");
            return new String(bytes, 10, length, StandardCharsets.ISO_8859_1);
        }

        private static ByteBuffer body(Path file, String descr) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            assertEquals((byte) 0x93, bytes[0]);
            assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
            int length = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            String header = new String(bytes, 10, length, StandardCharsets.ISO_8859_1);
            assertTrue(header.contains("'descr': '" + descr + "'"), header);
            return ByteBuffer.wrap(bytes, 10 + length, bytes.length - 10 - length).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
