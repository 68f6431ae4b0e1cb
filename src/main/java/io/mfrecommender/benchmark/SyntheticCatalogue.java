package io.mfrecommender.benchmark;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.data.IdIndex;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.data.RatingScale;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelManifest;
import io.mfrecommender.model.RankerManifest;
import io.mfrecommender.model.RankingFactors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded model version over a large catalogue with structure for an index to find, as real
 * catalogues have: {@code max(10, items / 1000)} taste clusters; an item's ranker vector is its
 * cluster's centre plus noise, scaled by a log-normal "popularity" (so lengths differ, which
 * inner-product search must cope with), and a user's vector lies near one centre. Uniform random
 * vectors would have no neighbourhoods, which no catalogue looks like. One genre, {@link #RARE},
 * holds 1% of the items; each user rated 20 random items. The rating model predicts about the
 * mean for everyone, so the page's rating floor lets every item through.
 *
 * @param items movies, ids {@code 1..items}
 * @param k     the ranker's factors
 * @param users users with ratings, ids {@code 1..users} (one more user, {@code users + 1}, rated every item once)
 */
public record SyntheticCatalogue(int items, int k, int users, long seed) {

    public static final String RARE = "Rare";

    private static final List<String> GENRES =
            List.of("Action", "Comedy", "Drama", "Thriller", "Romance", "Horror", "Documentary", "Animation", "Crime");

    /**
     * Spread of a vector around its cluster's centre, relative to the centre's length: two items of
     * one cluster have a cosine of about 1/(1 + 0.75²) = 0.64, below the page's neighbour threshold
     * (0.8), as most movies of one genre are; a tighter cluster would measure the neighbour cap.
     */
    private static final double NOISE = 0.75;

    private static final int RATING_FACTORS = 4;

    /**
     * @param userCluster the cluster each user (id − 1) lies near
     * @param itemCluster the cluster of each item (id − 1)
     */
    public record Generated(
            FactorModel model,
            Dataset ratings,
            MovieCatalog catalog,
            int clusters,
            int[] userCluster,
            int[] itemCluster) {}

    /** The items' ranker vectors ({@code items × k}) and {@code users} users' vectors, as {@link #generate} makes them. */
    public record Vectors(float[] items, float[] users) {}

    /**
     * Only the vectors, for an index benchmark: the same clusters, lengths and noise as {@link
     * #generate}, without ratings or a model (users' vectors come from the same rule, drawn in
     * another order).
     */
    public Vectors vectors() {
        SplittableRandom random = new SplittableRandom(seed);
        int clusters = Math.max(10, items / 1000);
        float[] centres = gaussian(clusters * k, 1 / Math.sqrt(k), random);
        float[] h = itemVectors(centres, clusters, new int[items], random);
        float[] w = new float[users * k];
        for (int u = 0; u < users; u++) {
            userVector(centres, random.nextInt(clusters), w, u, random);
        }
        return new Vectors(h, w);
    }

    private float[] itemVectors(float[] centres, int clusters, int[] itemCluster, SplittableRandom random) {
        float[] h = new float[items * k];
        for (int i = 0; i < items; i++) {
            itemCluster[i] = random.nextInt(clusters);
            double scale = Math.exp(0.4 * random.nextGaussian());
            for (int f = 0; f < k; f++) {
                h[i * k + f] = (float)
                        (scale * (centres[itemCluster[i] * k + f] + NOISE * random.nextGaussian() / Math.sqrt(k)));
            }
        }
        return h;
    }

    private void userVector(float[] centres, int cluster, float[] w, int u, SplittableRandom random) {
        for (int f = 0; f < k; f++) {
            w[u * k + f] = (float) (centres[cluster * k + f] + NOISE * random.nextGaussian() / Math.sqrt(k));
        }
    }

    public Generated generate() {
        SplittableRandom random = new SplittableRandom(seed);
        int clusters = Math.max(10, items / 1000);
        float[] centres = gaussian(clusters * k, 1 / Math.sqrt(k), random);
        int[] itemCluster = new int[items];
        float[] h = itemVectors(centres, clusters, itemCluster, random);
        float[] w = new float[users * k];
        int[] userCluster = new int[users];
        DatasetBuilder ratings = new DatasetBuilder();
        for (int u = 0; u < users; u++) {
            userCluster[u] = random.nextInt(clusters);
            userVector(centres, userCluster[u], w, u, random);
            for (int r = 0; r < 20; r++) {
                ratings.add(u + 1, random.nextInt(items) + 1, 1 + random.nextInt(5), r);
            }
        }
        // Every item gets a rating, from a user outside the query set, so every item is in the model.
        for (int i = 0; i < items; i++) {
            ratings.add(users + 1, i + 1, 4, 0);
        }
        Dataset data = ratings.build(new RatingScale(1, 5));
        List<Movie> movies = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            String genre = random.nextInt(100) == 0 ? RARE : GENRES.get(random.nextInt(GENRES.size()));
            movies.add(new Movie(i + 1, "Movie " + (i + 1), 2000 + i % 25, List.of(genre)));
        }
        return new Generated(
                model(data, h, w, random), data, MovieCatalog.of(movies), clusters, userCluster, itemCluster);
    }

    private FactorModel model(Dataset data, float[] h, float[] w, SplittableRandom random) {
        IdIndex userIds = data.users();
        IdIndex itemIds = data.items();
        float[] itemRows = new float[itemIds.size() * k];
        for (int index = 0; index < itemIds.size(); index++) {
            System.arraycopy(h, (int) (itemIds.idOf(index) - 1) * k, itemRows, index * k, k);
        }
        float[] userRows = new float[userIds.size() * k];
        for (int index = 0; index < userIds.size(); index++) {
            long id = userIds.idOf(index);
            if (id <= users) {
                System.arraycopy(w, (int) (id - 1) * k, userRows, index * k, k);
            }
        }
        ModelManifest manifest = new ModelManifest(
                ModelManifest.FORMAT_VERSION,
                "synthetic-catalogue",
                Instant.parse("2026-01-01T00:00:00Z"),
                "random",
                Map.of(),
                seed,
                "synthetic",
                data.fingerprint(),
                userIds.size(),
                itemIds.size(),
                RATING_FACTORS,
                data.size(),
                3.6,
                1,
                5,
                null,
                "synthetic",
                null,
                0,
                null);
        FactorModel rating = new FactorModel(
                manifest,
                userIds,
                itemIds,
                3.6f,
                new float[userIds.size()],
                new float[itemIds.size()],
                gaussian(userIds.size() * RATING_FACTORS, 0.05, random),
                gaussian(itemIds.size() * RATING_FACTORS, 0.05, random));
        return rating.withRanker(new RankingFactors(
                new RankerManifest("synthetic", k, Map.of(), null),
                userIds.size(),
                itemIds.size(),
                userRows,
                itemRows));
    }

    private static float[] gaussian(int n, double sd, SplittableRandom random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (sd * random.nextGaussian());
        }
        return values;
    }
}
