package io.mfrecommender.data;

import java.util.SplittableRandom;

/**
 * Seeded ratings with clustered tastes, for judging rankers: unlike {@link SyntheticRatings}, where
 * which movies a user rates depends only on popularity, here each user belongs to one of
 * {@code clusters} taste groups and takes {@code ownShare} of their movies from their group's
 * movies (the rest from the whole catalogue), each by a Zipf popularity; movies of their own group
 * get higher ratings. So what a user watched says what else they will watch, as in real data.
 *
 * @param users    number of users (ids {@code 1..users})
 * @param items    number of movies (ids {@code 1..items}), dealt round-robin into the groups
 * @param ratings  ratings in all, about; each user has at least 5
 * @param clusters taste groups
 * @param ownShare share of a user's movies taken from their own group
 * @param seed     the same parameters and seed give the same ratings
 */
public record ClusteredRatings(int users, int items, int ratings, int clusters, double ownShare, long seed) {

    public ClusteredRatings {
        if (users < 1
                || clusters < 1
                || items < 10 * clusters
                || ratings < 5 * users
                || !(ownShare >= 0 && ownShare <= 1)) {
            throw new IllegalArgumentException("clustered ratings need users, at least 10 movies per group, 5 "
                    + "ratings per user and a share in [0, 1]");
        }
    }

    /** A MovieLens-100K-sized set: 1,000 users, 1,700 movies, 20 groups, 100,000 ratings. */
    public static ClusteredRatings small(long seed) {
        return new ClusteredRatings(1_000, 1_700, 100_000, 20, 0.6, seed);
    }

    public Dataset generate() {
        SplittableRandom random = new SplittableRandom(seed);
        int perGroup = items / clusters;
        double[] withinGroup = SyntheticRatings.cumulativeZipf(perGroup, 0.9);
        double[] overall = SyntheticRatings.cumulativeZipf(items, 0.9);
        int[] catalogue = Shuffle.permutation(items, random);
        double[] itemBias = new double[items];
        for (int i = 0; i < items; i++) {
            itemBias[i] = 0.4 * random.nextGaussian();
        }
        DatasetBuilder builder = new DatasetBuilder();
        boolean[] taken = new boolean[items];
        int[] picked = new int[items];
        long timestamp = 1_000_000_000L;
        double mean = ratings / (double) users;
        for (int u = 0; u < users; u++) {
            int group = random.nextInt(clusters);
            int count = (int) Math.min(items / 2, Math.max(5, Math.round(-mean * Math.log(1 - random.nextDouble()))));
            for (int k = 0; k < count; k++) {
                int item;
                boolean own;
                do {
                    own = random.nextDouble() < ownShare;
                    item = own
                            ? group + clusters * SyntheticRatings.sample(withinGroup, random)
                            : catalogue[SyntheticRatings.sample(overall, random)];
                } while (item >= items || taken[item]);
                taken[item] = true;
                picked[k] = item;
                boolean liked = item % clusters == group;
                double value = (liked ? 4.2 : 2.8) + itemBias[item] + 0.8 * random.nextGaussian();
                float rating = (float) Math.max(1, Math.min(5, Math.rint(value)));
                builder.add(u + 1, item + 1, rating, timestamp += 1 + random.nextInt(600));
            }
            for (int k = 0; k < count; k++) {
                taken[picked[k]] = false;
            }
        }
        return builder.build(new RatingScale(1, 5));
    }
}
