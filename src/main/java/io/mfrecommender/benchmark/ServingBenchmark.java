package io.mfrecommender.benchmark;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.linalg.Simd;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelManifest;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.RankerManifest;
import io.mfrecommender.model.RankingFactors;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.recommendation.Recommendation;
import io.mfrecommender.recommendation.RecommendationService;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code benchmark serving} without {@code --items}: top-10 latency in process on a
 * MovieLens-1M-shaped model version (6,040 users, 3,706 movies, 1M ratings; factors drawn at
 * random, which costs the same to score as trained ones): rating model at k, ranker at its own k
 * (0: none, rank by predicted rating), and the heap and off-heap memory the serving model holds.
 * Other user and rating counts change the shape (3,706 movies either way), for sizing.
 */
public final class ServingBenchmark {

    private final PrintStream out;

    public ServingBenchmark(PrintStream out) {
        this.out = out;
    }

    public void run(int k, int rankerK, int requests, int users, int count) {
        long heapBefore = usedHeapAfterGc();
        Dataset ratings = users == 6040
                ? SyntheticRatings.movieLensLike(count, 7).generate()
                : new SyntheticRatings(users, 3706, count, 10, 0.7, 0.8, 0.9, 7).generate();
        long heapOfRatings = usedHeapAfterGc() - heapBefore;
        SplittableRandom random = new SplittableRandom(3);
        float[] p = gaussian(ratings.users().size() * k, random);
        float[] q = gaussian(ratings.items().size() * k, random);
        FactorModel model = new FactorModel(
                new ModelManifest(
                        ModelManifest.FORMAT_VERSION,
                        "benchmark",
                        Instant.now(),
                        "random",
                        Map.of(),
                        3,
                        "synthetic",
                        "",
                        ratings.users().size(),
                        ratings.items().size(),
                        k,
                        ratings.size(),
                        3.6,
                        1,
                        5,
                        null,
                        "benchmark",
                        null,
                        0,
                        null),
                ratings.users(),
                ratings.items(),
                3.6f,
                new float[ratings.users().size()],
                new float[ratings.items().size()],
                p,
                q);
        if (rankerK > 0) {
            float[] w = gaussian(ratings.users().size() * rankerK, random);
            float[] h = gaussian(ratings.items().size() * rankerK, random);
            model = model.withRanker(new RankingFactors(
                    new RankerManifest("random", rankerK, Map.of(), null),
                    ratings.users().size(),
                    ratings.items().size(),
                    w,
                    h));
        }
        ServedVersion served = new ServedVersion();
        served.activate(new ServingModel(model, ratings, MovieCatalog.empty(), Popularity.COUNT_TIMES_MEAN, 10));
        RecommendationService service =
                new RecommendationService(served, ServingProperties.defaults(), new SimpleMeterRegistry());
        Dataset retained = ratings;
        long heapAfter = usedHeapAfterGc();

        long[] nanos = new long[requests];
        long checksum = 0;
        for (int warmup = 0; warmup < 20_000; warmup++) {
            checksum += service.recommend(
                            ratings.users().idOf(warmup % ratings.users().size()), 10, 0, true, null, null)
                    .items()
                    .size();
        }
        for (int r = 0; r < requests; r++) {
            long user = ratings.users().idOf(random.nextInt(ratings.users().size()));
            long start = System.nanoTime();
            List<Recommendation> list =
                    service.recommend(user, 10, 0, true, null, null).items();
            nanos[r] = System.nanoTime() - start;
            for (int rank = 0; rank < list.size(); rank++) {
                checksum += (rank + 1) * list.get(rank).movieId(); // the same lists give the same sum
            }
        }
        Arrays.sort(nanos);
        out.printf(Locale.ROOT, "kernel %s%n", Simd.kernelName());
        out.printf(
                Locale.ROOT,
                "top-10 over %,d movies, rating model k=%d, %s: median %.1f us, p90 %.1f us, p99 %.1f us (%,d requests, checksum %d)%n",
                model.items().size(),
                k,
                rankerK == 0 ? "no ranker" : "ranker k=" + rankerK,
                nanos[requests / 2] / 1e3,
                nanos[requests * 9 / 10] / 1e3,
                nanos[requests * 99 / 100] / 1e3,
                requests,
                checksum);
        out.printf(
                Locale.ROOT,
                "serving model of %,d users and %,d movies with its %,d ratings: heap %.1f MB (of which the"
                        + " ratings %.1f MB), off-heap (ND4J) %.1f MB%n",
                model.users().size(),
                model.items().size(),
                retained.size(),
                (heapAfter - heapBefore) / 1048576.0,
                heapOfRatings / 1048576.0,
                model.offHeapBytes() / 1048576.0);
    }

    private static float[] gaussian(int n, SplittableRandom random) {
        float[] values = new float[n];
        for (int x = 0; x < n; x++) {
            values[x] = (float) (0.3 * random.nextGaussian());
        }
        return values;
    }

    /** The heap in use after a few full collections: what a structure built since a previous reading holds. */
    public static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
