package io.mfrecommender.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Seeded generator of ratings with a planted low-rank structure and popularity skew, for tests
 * and scale benchmarks. Rating {@code r(u,i) = clip(round(mu + b_u + b_i + p_u·q_i + noise))} on
 * 1..5, with Gaussian biases, factors and noise. Users' activity and items' popularity follow
 * power laws (Zipf exponents below), as in real rating data where a few movies get most ratings.
 *
 * @param users         number of users
 * @param items         number of items
 * @param ratings       exact number of distinct (user, item) ratings to make
 * @param rank          rank of the planted factors
 * @param noise         standard deviation of the Gaussian noise added before rounding
 * @param userSkew      Zipf exponent of user activity (0 = uniform)
 * @param itemSkew      Zipf exponent of item popularity (0 = uniform)
 * @param seed          random seed; the same parameters give the same ratings
 */
public record SyntheticRatings(
        int users, int items, int ratings, int rank, double noise, double userSkew, double itemSkew, long seed) {

    static final double MEAN = 3.6;

    public SyntheticRatings {
        if (users < 1 || items < 2 || rank < 1 || ratings < 1) {
            throw new IllegalArgumentException("users, ratings and rank must be positive and items at least 2");
        }
        if ((long) users * (items / 2) < ratings) {
            throw new IllegalArgumentException("at most half of the users × items matrix can be filled: " + ratings
                    + " ratings requested for " + users + " × " + items);
        }
    }

    /**
     * MovieLens-1M-like shape (6,040 users, 3,706 movies) up to 11 million ratings, which fill half
     * of that matrix; beyond, MovieLens-25M-like (162,541 users, 59,047 movies).
     */
    public static SyntheticRatings movieLensLike(int ratings, long seed) {
        if ((long) ratings > 6040L * (3706 / 2)) {
            return new SyntheticRatings(162_541, 59_047, ratings, 10, 0.7, 0.8, 0.9, seed);
        }
        return new SyntheticRatings(6040, 3706, ratings, 10, 0.7, 0.8, 0.9, seed);
    }

    /** Makes the ratings; user and item ids are {@code 1..users} and {@code 1..items}. */
    public Dataset generate() {
        DatasetBuilder builder = new DatasetBuilder();
        forEach((user, item, rating, timestamp) -> builder.add(user, item, rating, timestamp));
        return builder.build(new RatingScale(1, 5));
    }

    /** Writes the ratings as a {@code user::movie::rating::timestamp} file. */
    public void writeTo(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            IOException[] failure = new IOException[1];
            forEach((user, item, rating, timestamp) -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    out.write(user + "::" + item + "::" + (int) rating + "::" + timestamp + "\n");
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }

    private interface Sink {
        void accept(long user, long item, float rating, long timestamp);
    }

    private void forEach(Sink sink) {
        SplittableRandom random = new SplittableRandom(seed);
        // Factor entries with variance sqrt(0.6/rank) give p·q a variance of about 0.6.
        double factorScale = Math.pow(0.6 / rank, 0.25);
        float[][] p = gaussianMatrix(users, rank, factorScale, random);
        float[][] q = gaussianMatrix(items, rank, factorScale, random);
        double[] userBias = gaussianVector(users, 0.35, random);
        double[] itemBias = gaussianVector(items, 0.45, random);

        int[] perUser = activity(random);
        double[] itemCumulative = cumulativeZipf(items, itemSkew);
        int[] shuffledItems = Shuffle.permutation(items, random);
        boolean[] chosen = new boolean[items];
        int[] picked = new int[items / 2];
        long timestamp = 1_000_000_000L;
        for (int u = 0; u < users; u++) {
            int count = perUser[u];
            for (int k = 0; k < count; k++) {
                int item;
                do {
                    item = shuffledItems[sample(itemCumulative, random)];
                } while (chosen[item]);
                chosen[item] = true;
                picked[k] = item;
                double dot = 0;
                for (int f = 0; f < rank; f++) {
                    dot += p[u][f] * q[item][f];
                }
                double value = MEAN + userBias[u] + itemBias[item] + dot + noise * random.nextGaussian();
                float rating = (float) Math.max(1, Math.min(5, Math.rint(value)));
                sink.accept(u + 1, item + 1, rating, timestamp += 1 + random.nextInt(600));
            }
            for (int k = 0; k < count; k++) {
                chosen[picked[k]] = false;
            }
        }
    }

    /** Ratings per user: Zipf-shaped, at least one, at most half the items, summing to {@link #ratings}. */
    private int[] activity(SplittableRandom random) {
        int cap = items / 2;
        double[] weight = new double[users];
        double total = 0;
        for (int u = 0; u < users; u++) {
            weight[u] = 1.0 / Math.pow(u + 1, userSkew);
            total += weight[u];
        }
        int[] order = Shuffle.permutation(users, random);
        int[] count = new int[users];
        long assigned = 0;
        for (int rankPosition = 0; rankPosition < users; rankPosition++) {
            int u = order[rankPosition];
            count[u] = (int) Math.max(1, Math.min(cap, Math.floor(ratings * weight[rankPosition] / total)));
            assigned += count[u];
        }
        // Spread the rounding difference one rating at a time over users that still have room.
        int u = 0;
        while (assigned != ratings) {
            int step = assigned < ratings ? 1 : -1;
            int next = count[order[u]] + step;
            if (next >= 1 && next <= cap) {
                count[order[u]] = next;
                assigned += step;
            }
            u = (u + 1) % users;
        }
        return count;
    }

    static double[] cumulativeZipf(int n, double exponent) {
        double[] cumulative = new double[n];
        double total = 0;
        for (int k = 0; k < n; k++) {
            total += 1.0 / Math.pow(k + 1, exponent);
            cumulative[k] = total;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= total;
        }
        return cumulative;
    }

    static int sample(double[] cumulative, SplittableRandom random) {
        double x = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < x) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static float[][] gaussianMatrix(int rows, int cols, double scale, SplittableRandom random) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) (scale * random.nextGaussian());
            }
        }
        return m;
    }

    private static double[] gaussianVector(int n, double sigma, SplittableRandom random) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = sigma * random.nextGaussian();
        }
        return v;
    }
}
