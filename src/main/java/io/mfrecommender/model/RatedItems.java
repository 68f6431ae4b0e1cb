package io.mfrecommender.model;

import io.mfrecommender.data.Dataset;
import java.util.Arrays;

/**
 * What the ratings a version serves with say per user and per movie, built once per version: each
 * trained user's rated movies (a CSR table, sorted within a user, for exclusion and lookup) and
 * each trained movie's rating count and mean.
 */
final class RatedItems {

    private final int[] offsets;
    private final int[] items;
    private final int[] count;
    private final float[] mean;

    /** The tables of {@code ratings} over the model's users and movies; ratings of others are left out. */
    RatedItems(FactorModel model, Dataset ratings) {
        int users = model.users().size();
        int movies = model.items().size();
        int[] userOf = new int[ratings.size()];
        int[] itemOf = new int[ratings.size()];
        int[] perUser = new int[users + 1];
        count = new int[movies];
        double[] sums = new double[movies];
        for (int row = 0; row < ratings.size(); row++) {
            userOf[row] = model.users().indexOrMinusOne(ratings.userId(row));
            itemOf[row] = model.items().indexOrMinusOne(ratings.itemId(row));
            if (itemOf[row] >= 0) {
                count[itemOf[row]]++;
                sums[itemOf[row]] += ratings.rating(row);
                if (userOf[row] >= 0) {
                    perUser[userOf[row] + 1]++;
                }
            }
        }
        for (int u = 0; u < users; u++) {
            perUser[u + 1] += perUser[u];
        }
        offsets = perUser;
        items = new int[perUser[users]];
        int[] fill = Arrays.copyOf(perUser, users);
        for (int row = 0; row < ratings.size(); row++) {
            if (userOf[row] >= 0 && itemOf[row] >= 0) {
                items[fill[userOf[row]]++] = itemOf[row];
            }
        }
        for (int u = 0; u < users; u++) {
            Arrays.sort(items, offsets[u], offsets[u + 1]);
        }
        mean = new float[movies];
        for (int i = 0; i < movies; i++) {
            mean[i] = count[i] == 0 ? Float.NaN : (float) (sums[i] / count[i]);
        }
    }

    /** Whether trained user {@code user} rated trained movie {@code item}. */
    boolean rated(int user, int item) {
        return Arrays.binarySearch(items, offsets[user], offsets[user + 1], item) >= 0;
    }

    /** Sets the score of every movie trained user {@code user} rated to −∞. */
    void exclude(int user, float[] scores) {
        for (int at = offsets[user]; at < offsets[user + 1]; at++) {
            scores[items[at]] = Float.NEGATIVE_INFINITY;
        }
    }

    /** The last floor asked for and its items: a version has one floor, so one is kept. */
    private volatile Supported supported;

    private record Supported(int minRatings, int[] items) {}

    /** Trained movies with at least {@code minRatings} ratings, in index order; kept for the next call. */
    int[] atLeast(int minRatings) {
        Supported known = supported;
        if (known == null || known.minRatings() != minRatings) {
            int[] list = new int[count.length];
            int n = 0;
            for (int item = 0; item < count.length; item++) {
                if (count[item] >= minRatings) {
                    list[n++] = item;
                }
            }
            known = new Supported(minRatings, Arrays.copyOf(list, n));
            supported = known;
        }
        return known.items();
    }

    int count(int item) {
        return count[item];
    }

    /** The movie's mean rating, NaN when it has none. */
    float mean(int item) {
        return mean[item];
    }
}
