package io.mfrecommender.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Ratings from any Hadoop-compatible path as rows {@code (user long, movie long, rating float,
 * timestamp long)}:
 * <ul>
 * <li>{@code text}: the service's formats, detected per line: {@code user::movie::rating::timestamp}
 *     (MovieLens 1M, MovieTweetings), tab-separated (MovieLens 100K {@code u.data}) or
 *     comma-separated (MovieLens {@code ratings.csv}); a header line and blank lines are skipped, and
 *     so is a malformed line (counted in the log, as the service's lenient mode does);</li>
 * <li>{@code csv}: CSV with a header naming the columns: user ({@code userId}, {@code user},
 *     {@code user_id}), movie ({@code movieId}, {@code movie}, {@code movie_id}, {@code itemId},
 *     {@code item}, {@code item_id}), {@code rating}, and optionally a timestamp ({@code timestamp},
 *     {@code time}, {@code rated_at});</li>
 * <li>{@code parquet}: the same names as columns.</li>
 * </ul>
 * {@code auto} reads a name ending in {@code .parquet} as Parquet, in {@code .csv} as named-column
 * CSV unless its first line starts with a digit, anything else as text.
 */
final class RatingsInput {

    static final StructType SCHEMA = new StructType()
            .add("user", DataTypes.LongType, false)
            .add("movie", DataTypes.LongType, false)
            .add("rating", DataTypes.FloatType, false)
            .add("timestamp", DataTypes.LongType, false);

    private static final List<String> USER = List.of("userid", "user", "user_id");
    private static final List<String> MOVIE = List.of("movieid", "movie", "movie_id", "itemid", "item", "item_id");
    private static final List<String> TIME = List.of("timestamp", "time", "rated_at");

    private RatingsInput() {}

    static Dataset<Row> read(SparkSession spark, String path, String format) {
        String kind = format.equals("auto") ? detect(spark, path) : format;
        return switch (kind) {
            case "parquet" -> named(spark.read().parquet(path), path);
            case "csv" -> named(spark.read().option("header", "true").csv(path), path);
            default -> text(spark, path);
        };
    }

    private static String detect(SparkSession spark, String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".parquet") || lower.endsWith(".parquet/")) {
            return "parquet";
        }
        if (lower.endsWith(".csv")) {
            List<String> first = spark.read().textFile(path).limit(1).collectAsList();
            boolean header = !first.isEmpty() && !first.get(0).isEmpty() && !Character.isDigit(first.get(0).charAt(0));
            return header ? "csv" : "text";
        }
        return "text";
    }

    private static Dataset<Row> named(Dataset<Row> frame, String path) {
        String user = column(frame, USER, path, true);
        String movie = column(frame, MOVIE, path, true);
        String rating = column(frame, List.of("rating"), path, true);
        String time = column(frame, TIME, path, false);
        return frame.select(
                        col(user).cast(DataTypes.LongType).as("user"),
                        col(movie).cast(DataTypes.LongType).as("movie"),
                        col(rating).cast(DataTypes.FloatType).as("rating"),
                        (time == null ? lit(0L) : col(time).cast(DataTypes.LongType)).as("timestamp"))
                .na()
                .drop(new String[] {"user", "movie", "rating"});
    }

    private static String column(Dataset<Row> frame, List<String> names, String path, boolean required) {
        for (String field : frame.columns()) {
            if (names.contains(field.toLowerCase(Locale.ROOT))) {
                return field;
            }
        }
        if (required) {
            throw new IllegalArgumentException(path + " has no column named " + String.join(", ", names)
                    + " (it has " + String.join(", ", frame.columns()) + ")");
        }
        return null;
    }

    private static Dataset<Row> text(SparkSession spark, String path) {
        Dataset<String> lines = spark.read().textFile(path);
        FlatMapFunction<String, Row> parse = line -> {
            Row row = parse(line);
            return row == null ? List.<Row>of().iterator() : List.of(row).iterator();
        };
        return lines.flatMap(parse, Encoders.row(SCHEMA));
    }

    /** One line of the service's text formats, or null for a blank, header or malformed line. */
    static Row parse(String line) {
        String text = line.strip();
        if (text.isEmpty() || !Character.isDigit(text.charAt(0))) {
            return null;
        }
        String[] fields = text.contains("::") ? text.split("::") : text.split(text.indexOf('\t') >= 0 ? "\t" : ",");
        if (fields.length < 3) {
            return null;
        }
        try {
            float rating = Float.parseFloat(fields[2].strip());
            if (!Float.isFinite(rating)) {
                return null;
            }
            long timestamp = fields.length > 3 ? Long.parseLong(fields[3].strip()) : 0;
            return RowFactory.create(
                    Long.parseLong(fields[0].strip()), Long.parseLong(fields[1].strip()), rating, timestamp);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
