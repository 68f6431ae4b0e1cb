package io.mfrecommender.model;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.IdIndex;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the cold-start list ranks movies for a user the model cannot personalise. The damped mean
 * alone favours little-known movies with a few good ratings; the product, the default, ranks what
 * many watched and liked, and ranked held-out choices best of the three ({@code docs/quality.md}).
 */
public enum Popularity {
    /** Number of ratings: what most people chose to watch. */
    COUNT,
    /** Damped (Bayesian) mean rating {@code (Σr + m·μ) / (n + m)}: what was liked, shrunk towards μ. */
    DAMPED_MEAN,
    /** Number of ratings times the damped mean: much watched and well liked. */
    COUNT_TIMES_MEAN;

    public static Popularity parse(String text) {
        for (Popularity p : values()) {
            if (p.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unknown popularity '" + text + "'; use count, damped-mean or count-times-mean");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * A score per item of {@code items} (higher is more popular) from {@code ratings}; items
     * without a rating score lowest. {@code damping} is the prior weight m of the damped mean.
     */
    public float[] scores(Dataset ratings, IdIndex items, double damping) {
        return scores(ratings, items, damping, null);
    }

    /**
     * The same with {@code interested[i]} users who showed interest in item {@code i} by events added
     * to its count (its mean stays the ratings'); null for none.
     */
    public float[] scores(Dataset ratings, IdIndex items, double damping, int[] interested) {
        int n = items.size();
        int[] rated = new int[n];
        double[] sum = new double[n];
        double total = 0;
        for (int row = 0; row < ratings.size(); row++) {
            total += ratings.rating(row);
            int item = items.indexOrMinusOne(ratings.itemId(row));
            if (item >= 0) {
                rated[item]++;
                sum[item] += ratings.rating(row);
            }
        }
        double mean = ratings.isEmpty() ? 0 : total / ratings.size();
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            double damped = (sum[i] + damping * mean) / (rated[i] + damping);
            int count = rated[i] + (interested != null && i < interested.length ? interested[i] : 0);
            scores[i] = switch (this) {
                case COUNT -> count;
                case DAMPED_MEAN -> count == 0 ? -Float.MAX_VALUE : (float) damped;
                case COUNT_TIMES_MEAN -> (float) (count * damped);
            };
        }
        return scores;
    }

    /** Item indices from most to least popular; ties go to the lower index. */
    public static int[] order(float[] scores) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(
                order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
