package io.mfrecommender.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.xxhash64;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains a model version of the service on Apache Spark and writes it into the service's models
 * directory, in the service's format, through Hadoop's {@code FileSystem} (so any path Spark can
 * write: HDFS, S3A, a local directory):
 * <ol>
 * <li>reads the ratings ({@link RatingsInput}) and holds out a seeded share;</li>
 * <li>removes biases by a regularised pre-step: μ the mean of the training ratings,
 *     {@code b_i = Σ_u (r − μ) / (λ_b + n_i)}, then {@code b_u = Σ_i (r − μ − b_i) / (λ_b + n_u)}
 *     (Koren, "Factor in the Neighbors", TKDD 2010, §2.1);</li>
 * <li>trains the rating model with MLlib's explicit ALS on the residuals {@code r − μ − b_i − b_u}
 *     and the ranker with its implicit ALS on the ratings ({@code c = 1 + α r});</li>
 * <li>evaluates both on the held-out ratings with the service's protocol: RMSE and MAE of the
 *     clipped predictions {@code μ + b_u + b_i + p_u·q_i}; NDCG@10 of the ranker's top 10 among every
 *     movie the user did not rate in training, relevant = a held-out rating of at least 4 of 5
 *     (scaled); held-out ratings of users or movies absent from training are left out;</li>
 * <li>writes the version: every {@code .npy} file, then {@code manifest.json} last, under a staging
 *     name, renamed into place at the end.</li>
 * </ol>
 * The service folds posted ratings into such a version by Spark's own rules (its manifest says
 * {@code spark-als} and {@code spark-als-implicit}).
 */
public final class SparkTrainer {

    public static final String RATING_ALGORITHM = "spark-als";
    public static final String RANKER_ALGORITHM = "spark-als-implicit";
    static final int RANKING_K = 10;
    /** NDCG@10 is computed on the driver over at most this many held-out users (a seeded sample beyond). */
    static final int MAX_EVALUATED_USERS = 20_000;

    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    /**
     * What a run made: the version's name and directory, the two MLlib models and the pre-step's
     * biases over dense indices ({@code u}, {@code i}), the training ratings with those indices, and
     * the held-out figures.
     */
    public record Result(
            String version,
            String directory,
            ALSModel ratingModel,
            ALSModel ranker,
            double globalMean,
            Dataset<Row> train,
            Dataset<Row> userIndex,
            Dataset<Row> itemIndex,
            Dataset<Row> userBias,
            Dataset<Row> itemBias,
            Map<String, Object> evaluation,
            Map<String, Object> rankerEvaluation) {}

    private SparkTrainer() {}

    public static void main(String[] args) {
        if (TrainerOptions.helpRequested(args)) {
            System.out.print(TrainerOptions.usage());
            System.exit(0);
            return;
        }
        TrainerOptions options;
        try {
            options = TrainerOptions.parse(args);
        } catch (TrainerOptions.BadOptionException e) {
            System.err.println("error: " + e.getMessage() + " (--help lists the options)");
            System.exit(2);
            return;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("mf-recommender spark-trainer");
        if (options.master() != null) {
            builder.master(options.master());
        }
        int status = 0;
        SparkSession spark = builder.getOrCreate();
        try {
            Result result = run(spark, options);
            System.out.println("wrote model version " + result.version() + " to " + result.directory() + "; "
                    + result.evaluation());
        } catch (RuntimeException e) {
            System.err.println("error: " + oneLine(e));
            status = 1;
        } finally {
            spark.stop();
        }
        System.exit(status);
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    public static Result run(SparkSession spark, TrainerOptions options) {
        long started = System.nanoTime();
        Dataset<Row> ratings = RatingsInput.read(spark, options.ratings(), options.format()).cache();
        Row range = ratings.agg(min("rating"), max("rating"), count(lit(1)), bit_xor(xxhash64(col("user"), col("movie"), col("rating"))))
                .first();
        if (range.getLong(2) == 0) {
            throw new IllegalArgumentException(options.ratings() + " holds no readable ratings");
        }
        double scaleMin = range.getFloat(0);
        double scaleMax = range.getFloat(1);
        String fingerprint = String.format(Locale.ROOT, "xxhash64-xor:%016x", range.isNullAt(3) ? 0 : range.getLong(3));

        @SuppressWarnings("unchecked")
        Dataset<Row>[] split = options.test() != null
                ? new Dataset[] {ratings, RatingsInput.read(spark, options.test(), options.format())}
                : options.holdout() > 0
                        ? ratings.randomSplit(new double[] {1 - options.holdout(), options.holdout()}, options.seed())
                        : new Dataset[] {ratings, ratings.limit(0)};
        Dataset<Row> train = split[0];
        Dataset<Row> userIndex = index(spark, train, "user", "u");
        Dataset<Row> itemIndex = index(spark, train, "movie", "i");
        Dataset<Row> indexed = train.join(userIndex, "user").join(itemIndex, "movie").cache();
        long trainRatings = indexed.count();

        // The bias pre-step.
        double mu = indexed.agg(avg("rating")).first().getDouble(0);
        double lambda = options.biasRegularization();
        Dataset<Row> itemBias = indexed.groupBy("i")
                .agg(sum(col("rating").minus(mu)).as("s"), count(lit(1)).as("n"))
                .select(col("i"), col("s").divide(col("n").plus(lambda)).as("bi"))
                .cache();
        Dataset<Row> userBias = indexed.join(itemBias, "i")
                .groupBy("u")
                .agg(sum(col("rating").minus(mu).minus(col("bi"))).as("s"), count(lit(1)).as("n"))
                .select(col("u"), col("s").divide(col("n").plus(lambda)).as("bu"))
                .cache();
        Dataset<Row> residuals = indexed.join(itemBias, "i")
                .join(userBias, "u")
                .withColumn("residual", col("rating").minus(mu).minus(col("bi")).minus(col("bu")));

        long ratingStarted = System.nanoTime();
        ALSModel ratingModel = new ALS()
                .setRank(options.factors())
                .setRegParam(options.regularization())
                .setMaxIter(options.iterations())
                .setSeed(options.seed())
                .setUserCol("u")
                .setItemCol("i")
                .setRatingCol("residual")
                .setColdStartStrategy("drop")
                .fit(residuals);
        double ratingSeconds = (System.nanoTime() - ratingStarted) / 1e9;
        long rankerStarted = System.nanoTime();
        ALSModel ranker = new ALS()
                .setImplicitPrefs(true)
                .setAlpha(options.alpha())
                .setRank(options.rankerFactors())
                .setRegParam(options.rankerRegularization())
                .setMaxIter(options.iterations())
                .setSeed(options.seed())
                .setUserCol("u")
                .setItemCol("i")
                .setRatingCol("rating")
                .setColdStartStrategy("drop")
                .fit(indexed);
        double rankerSeconds = (System.nanoTime() - rankerStarted) / 1e9;

        Dataset<Row> test = split[1].join(userIndex, "user").join(itemIndex, "movie");
        Map<String, Object> evaluation = new LinkedHashMap<>();
        Map<String, Object> rankerEvaluation = new LinkedHashMap<>();
        evaluation.put("trainSeconds", ratingSeconds);
        rankerEvaluation.put("trainSeconds", rankerSeconds);
        long heldOut = test.count();
        if (heldOut > 0) {
            Row errors = ratingModel
                    .transform(test.join(itemBias, "i").join(userBias, "u"))
                    .withColumn(
                            "predicted",
                            least(lit(scaleMax), greatest(lit(scaleMin), col("prediction").plus(mu).plus(col("bi")).plus(col("bu")))))
                    .agg(
                            avg(pow(col("predicted").minus(col("rating")), 2)),
                            avg(abs(col("predicted").minus(col("rating")))))
                    .first();
            evaluation.put("heldOutRmse", Math.sqrt(errors.getDouble(0)));
            evaluation.put("heldOutMae", errors.getDouble(1));
            double ndcg = ndcg(indexed, test, ranker, scaleMin + 0.75 * (scaleMax - scaleMin), options.seed());
            evaluation.put("heldOutNdcgAtK", ndcg);
            evaluation.put("heldOutRatings", heldOut);
            rankerEvaluation.put("validationNdcg", ndcg);
        }

        String version = VERSION_TIME.format(Instant.now()) + "-" + RATING_ALGORITHM;
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("formatVersion", 1);
        manifest.put("version", version);
        manifest.put("createdAt", Instant.now().toString());
        manifest.put("algorithm", RATING_ALGORITHM);
        manifest.put("hyperparameters", options.hyperparameters());
        manifest.put("seed", options.seed());
        manifest.put("dataset", new Path(options.ratings()).getName());
        manifest.put("datasetFingerprint", fingerprint);
        manifest.put("users", userIndex.count());
        manifest.put("items", itemIndex.count());
        manifest.put("factors", options.factors());
        manifest.put("trainRatings", trainRatings);
        manifest.put("globalMean", mu);
        manifest.put("scaleMin", scaleMin);
        manifest.put("scaleMax", scaleMax);
        manifest.put("evaluation", evaluation);
        manifest.put("software", "spark-trainer 0.1.0 on Spark " + spark.version());
        Map<String, Object> rankerSection = new LinkedHashMap<>();
        rankerSection.put("algorithm", RANKER_ALGORITHM);
        rankerSection.put("factors", options.rankerFactors());
        rankerSection.put("hyperparameters", options.rankerHyperparameters());
        rankerSection.put("evaluation", rankerEvaluation);
        manifest.put("ranker", rankerSection);
        manifest.put("postedThrough", 0);

        String directory = VersionWriter.write(
                spark,
                options.output(),
                version,
                userIndex.join(userBias, "u")
                        .join(ratingModel.userFactors().withColumnRenamed("id", "u").withColumnRenamed("features", "p"), "u")
                        .join(ranker.userFactors().withColumnRenamed("id", "u").withColumnRenamed("features", "w"), "u")
                        .select(col("user").as("id"), col("bu").as("bias"), col("p"), col("w"))
                        .orderBy("id"),
                itemIndex.join(itemBias, "i")
                        .join(ratingModel.itemFactors().withColumnRenamed("id", "i").withColumnRenamed("features", "q"), "i")
                        .join(ranker.itemFactors().withColumnRenamed("id", "i").withColumnRenamed("features", "y"), "i")
                        .select(col("movie").as("id"), col("bi").as("bias"), col("q").as("p"), col("y").as("w"))
                        .orderBy("id"),
                options.factors(),
                options.rankerFactors(),
                manifest);
        evaluation.put("seconds", (System.nanoTime() - started) / 1e9);
        return new Result(
                version, directory, ratingModel, ranker, mu, indexed, userIndex, itemIndex, userBias, itemBias,
                evaluation, rankerEvaluation);
    }

    /** Dense indices {@code 0..n-1} of a column's distinct values, in value order (MLlib's ALS needs ints). */
    private static Dataset<Row> index(SparkSession spark, Dataset<Row> ratings, String column, String indexColumn) {
        StructType schema = new StructType()
                .add(column, DataTypes.LongType, false)
                .add(indexColumn, DataTypes.IntegerType, false);
        return spark.createDataFrame(
                        ratings.select(column).distinct().orderBy(column).javaRDD().zipWithIndex().map(pair -> {
                            if (pair._2() > Integer.MAX_VALUE) {
                                throw new IllegalArgumentException("more than 2^31 distinct " + column + "s");
                            }
                            return RowFactory.create(pair._1().getLong(0), (int) (long) pair._2());
                        }),
                        schema)
                .cache();
    }

    /**
     * NDCG@10 of the ranker on the held-out ratings, on the driver: for each held-out user with a
     * relevant rating (at most {@link #MAX_EVALUATED_USERS}, a seeded sample beyond), the top 10 of
     * {@code w_u·y_i} over every movie not rated in training.
     */
    private static double ndcg(Dataset<Row> train, Dataset<Row> test, ALSModel ranker, double relevantFrom, long seed) {
        Dataset<Row> relevant = test.filter(col("rating").geq(relevantFrom))
                .groupBy("u")
                .agg(collect_list("i").as("relevant"));
        long users = relevant.count();
        if (users == 0) {
            return Double.NaN;
        }
        if (users > MAX_EVALUATED_USERS) {
            relevant = relevant.sample(false, (double) MAX_EVALUATED_USERS / users, seed);
        }
        Dataset<Row> rows = relevant.join(train.groupBy("u").agg(collect_list("i").as("rated")), "u")
                .join(ranker.userFactors().withColumnRenamed("id", "u"), "u");
        List<Row> items = ranker.itemFactors().collectAsList();
        int k = ranker.rank();
        int maxItem = 0;
        for (Row item : items) {
            maxItem = Math.max(maxItem, item.getInt(0));
        }
        float[] y = new float[(maxItem + 1) * k];
        boolean[] present = new boolean[maxItem + 1];
        for (Row item : items) {
            List<Float> features = item.getList(1);
            int i = item.getInt(0);
            present[i] = true;
            for (int f = 0; f < k; f++) {
                y[i * k + f] = features.get(f);
            }
        }
        double total = 0;
        int evaluated = 0;
        Iterator<Row> each = rows.toLocalIterator();
        while (each.hasNext()) {
            Row row = each.next();
            List<Integer> relevantItems = row.getList(1);
            List<Integer> rated = row.getList(2);
            List<Float> w = row.getList(3);
            boolean[] skip = new boolean[maxItem + 1];
            for (int i : rated) {
                skip[i] = true;
            }
            int[] top = new int[RANKING_K];
            double[] scores = new double[RANKING_K];
            java.util.Arrays.fill(top, -1);
            java.util.Arrays.fill(scores, Double.NEGATIVE_INFINITY);
            for (int i = 0; i <= maxItem; i++) {
                if (!present[i] || skip[i]) {
                    continue;
                }
                double score = 0;
                for (int f = 0; f < k; f++) {
                    score += w.get(f) * y[i * k + f];
                }
                if (score > scores[RANKING_K - 1]) {
                    int at = RANKING_K - 1;
                    while (at > 0 && scores[at - 1] < score) {
                        scores[at] = scores[at - 1];
                        top[at] = top[at - 1];
                        at--;
                    }
                    scores[at] = score;
                    top[at] = i;
                }
            }
            java.util.Set<Integer> hits = new java.util.HashSet<>(relevantItems);
            double dcg = 0;
            for (int r = 0; r < RANKING_K; r++) {
                if (top[r] >= 0 && hits.contains(top[r])) {
                    dcg += 1 / (Math.log(r + 2) / Math.log(2));
                }
            }
            double ideal = 0;
            for (int r = 0; r < Math.min(RANKING_K, hits.size()); r++) {
                ideal += 1 / (Math.log(r + 2) / Math.log(2));
            }
            total += dcg / ideal;
            evaluated++;
        }
        return evaluated == 0 ? Double.NaN : total / evaluated;
    }

    /** The manifest as JSON (maps, lists, strings, numbers, booleans and nulls only). */
    static String json(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            List<String> fields = new ArrayList<>();
            map.forEach((name, field) -> fields.add(json(String.valueOf(name)) + ": " + json(field)));
            return "{" + String.join(", ", fields) + "}";
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(json(item)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? Double.toString(d) : "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        StringBuilder text = new StringBuilder("\"");
        for (char c : value.toString().toCharArray()) {
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                default -> {
                    if (c < 0x20) {
                        text.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        return text.append('"').toString();
    }
}
