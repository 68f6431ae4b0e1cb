package io.mfrecommender.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** One {@code local[2]} Spark session and one seeded ratings file for every test class of the run. */
final class LocalSpark {

    private static SparkSession spark;
    private static Path ratings;

    private LocalSpark() {}

    static synchronized SparkSession session() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("spark-trainer tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
        }
        return spark;
    }

    /** 7,000 ratings 1..5 of 90 movies by 200 users with clustered tastes (4 groups), seed 11. */
    static synchronized Path ratings() {
        if (ratings == null) {
            try {
                Path dir = Files.createTempDirectory("spark-trainer-tests");
                dir.toFile().deleteOnExit();
                ratings = dir.resolve("ratings.dat");
                Files.writeString(ratings, synthetic(200, 90, 7_000, 4, 11));
                ratings.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ratings;
    }

    static String synthetic(int users, int movies, int count, int groups, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        Set<Long> seen = new HashSet<>();
        while (seen.size() < count) {
            int u = 1 + random.nextInt(users);
            int m = 1 + (int) Math.min(movies - 1, Math.abs(random.nextGaussian()) * movies / 3);
            if (!seen.add((long) u * 100_000 + m)) {
                continue;
            }
            boolean sameGroup = u % groups == m % groups;
            long rating = Math.max(1, Math.min(5, Math.round((sameGroup ? 4.2 : 2.6) + random.nextGaussian() * 0.8)));
            text.append(u).append("::").append(m).append("::").append(rating).append("::")
                    .append(1_000_000 + seen.size()).append('\n');
        }
        return text.toString();
    }
}
