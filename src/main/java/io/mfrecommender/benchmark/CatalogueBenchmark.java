package io.mfrecommender.benchmark;

import io.mfrecommender.data.Availability;
import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.index.IndexMismatchException;
import io.mfrecommender.index.ItemIndex;
import io.mfrecommender.linalg.Cosine;
import io.mfrecommender.linalg.Simd;
import io.mfrecommender.linalg.TopK;
import io.mfrecommender.linalg.Vectors;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.RankerIndex;
import io.mfrecommender.model.RankingFactors;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.recommendation.Recommendation;
import io.mfrecommender.recommendation.RecommendationService;
import io.mfrecommender.recommendation.Recommendations;
import io.mfrecommender.recommendation.SimilarMovie;
import io.mfrecommender.recommendation.SimilarMovies;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Top-N and similar movies over a large synthetic catalogue, through the recommendation service,
 * with the approximate index against the exact scan of every item: median and p99 latency, recall@10
 * of the index's page against the exact page (the same list rules apply to both), index build and
 * open times, and memory.
 *
 * <p>The catalogue has structure for an index to find, as real ones do: {@code items / 1000}
 * taste clusters; an item's ranker vector is its cluster's centre plus noise, scaled by a
 * log-normal "popularity" (so norms differ, as inner-product search meets in practice), and a
 * user's vector lies near one centre. One genre, "Rare", holds 1% of the items; each user rated
 * 20 items. Uniform random vectors would have no neighbourhoods, which no catalogue looks like.
 */
public final class CatalogueBenchmark {

    private final PrintStream out;

    public CatalogueBenchmark(PrintStream out) {
        this.out = out;
    }

    /**
     * @param items     catalogue size
     * @param k         the ranker's factors
     * @param users     users with ratings (queries are drawn among them)
     * @param requests  timed requests per scenario
     * @param threads   threads building the index
     * @param shape     links per node and build beam of the graphs
     */
    public int run(int items, int k, int users, int requests, int threads, ItemIndex.Shape shape, long seed) {
        return run(items, k, users, requests, threads, shape, seed, null, new int[] {
            ServingProperties.Index.DEFAULTS.candidatesPerResult()
        });
    }

    /**
     * @param keep where to keep the index between runs (the catalogue is seeded, so a later run with
     *     the same parameters opens it instead of building it again); null: a temporary directory
     * @param perResult the {@code candidates-per-result} settings measured, one after the other
     */
    public int run(
            int items,
            int k,
            int users,
            int requests,
            int threads,
            ItemIndex.Shape shape,
            long seed,
            Path keep,
            int[] perResult) {
        long heapBefore = usedHeapAfterGc();
        SyntheticCatalogue.Generated generated = new SyntheticCatalogue(items, k, users, seed).generate();
        SplittableRandom random = new SplittableRandom(seed + 1);
        FactorModel model = generated.model();
        Dataset data = generated.ratings();
        MovieCatalog catalog = generated.catalog();
        int clusters = generated.clusters();
        List<List<Long>> excluded = exclusions(generated.userCluster(), generated.itemCluster(), clusters, random);

        long start = System.nanoTime();
        ServingModel exact = new ServingModel(model, data, catalog, Popularity.COUNT, 10);
        double servingSeconds = seconds(start);
        long heapServing = usedHeapAfterGc() - heapBefore;
        Path directory = keep != null ? keep : temporaryDirectory();
        try {
            start = System.nanoTime();
            double buildSeconds = Double.NaN;
            if (keep == null || !Files.isDirectory(keep) || !opens(exact, keep)) {
                deleteTree(directory);
                RankerIndex.build(exact, directory, shape, threads);
                buildSeconds = seconds(start);
            }
            start = System.nanoTime();
            ItemIndex index = RankerIndex.open(exact, directory);
            double openSeconds = seconds(start);
            ServingModel indexed = exact.withIndex(index);
            out.printf(
                    Locale.ROOT,
                    "catalogue: %,d items, ranker k=%d, %,d clusters; %,d users with 20 ratings; kernel %s%n",
                    items,
                    k,
                    clusters,
                    users,
                    Simd.kernelName());
            out.printf(
                    Locale.ROOT,
                    "serving model built in %.1f s, heap %.0f MB (model and its serving layouts: factors, transposed copies)%n",
                    servingSeconds,
                    heapServing / 1048576.0);
            out.printf(
                    Locale.ROOT,
                    "index (M=%d, beam %d): built in %.1f s (NaN: kept from an earlier run) on %d threads, opened from disk in %.2f s, a %.0f MB file read onto the heap%n",
                    shape.maxConnections(),
                    shape.beamWidth(),
                    buildSeconds,
                    threads,
                    openSeconds,
                    index.bytes() / 1048576.0);

            RecommendationService viaScan = service(exact, perResult[0]);
            int[] queries = new int[requests];
            for (int r = 0; r < requests; r++) {
                queries[r] = 1 + random.nextInt(users);
            }
            MovieCatalog retired = retire(catalog, 0.1, new SplittableRandom(seed + 2));
            RecommendationService retiredScan = service(exact.withCatalog(retired), perResult[0]);
            for (int candidates : perResult) {
                out.printf(Locale.ROOT, "candidates per result: %d%n", candidates);
                scenarios(service(indexed, candidates), viaScan, queries, items, excluded);
                // The rule is a filter inside the walk, as genres are, against the scan with the same catalogue.
                scenario(
                        "top-10, 10% retired",
                        queries,
                        (s, user) -> s.recommend(user, 10, 0, true, null, null),
                        service(indexed.withCatalog(retired), candidates),
                        retiredScan);
            }
            if (Simd.AVAILABLE) {
                scans(model, k, queries);
            } else {
                out.println("int8 scan not measured: it needs the Vector API (--add-modules jdk.incubator.vector)");
            }
            index.close();
        } finally {
            if (keep == null) {
                deleteTree(directory);
            }
        }
        return 0;
    }

    private void scenarios(
            RecommendationService viaIndex,
            RecommendationService viaScan,
            int[] queries,
            int items,
            List<List<Long>> excluded) {
        scenario("top-10", queries, (s, user) -> s.recommend(user, 10, 0, true, null, null), viaIndex, viaScan);
        scenario(
                "top-10, genre holding 1%",
                queries, (s, user) -> s.recommend(user, 10, 0, true, SyntheticCatalogue.RARE, null), viaIndex, viaScan);
        scenario(
                "top-10, 500 excluded",
                queries,
                (s, user) -> s.recommend(user, 10, 0, true, null, null, excluded.get((int) user - 1)),
                viaIndex,
                viaScan);
        scenario(
                "top-10, page 3 (offset 20)",
                queries,
                (s, user) -> s.recommend(user, 10, 20, true, null, null),
                viaIndex,
                viaScan);
        similar(queries, items, viaIndex, viaScan);
    }

    /** The catalogue with {@code share} of its movies, drawn at random, retired. */
    private static MovieCatalog retire(MovieCatalog catalog, double share, SplittableRandom random) {
        List<Movie> movies = new ArrayList<>(catalog.size());
        for (Movie movie : catalog.movies()) {
            movies.add(random.nextDouble() < share ? movie.withAvailability(Availability.RETIRED) : movie);
        }
        return MovieCatalog.of(movies);
    }

    private static boolean opens(ServingModel serving, Path directory) {
        try {
            RankerIndex.open(serving, directory).close();
            return true;
        } catch (IndexMismatchException e) {
            return false;
        }
    }

    /**
     * 500 ids per user, drawn from the items of the user's own cluster (where their best items are),
     * so that the exclusions take out much of what the page would otherwise show.
     */
    private static List<List<Long>> exclusions(
            int[] userCluster, int[] clusterOf, int clusters, SplittableRandom random) {
        List<List<Long>> members = new ArrayList<>(clusters);
        for (int c = 0; c < clusters; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < clusterOf.length; i++) {
            members.get(clusterOf[i]).add((long) (i + 1));
        }
        List<List<Long>> excluded = new ArrayList<>(userCluster.length);
        for (int cluster : userCluster) {
            List<Long> own = members.get(cluster);
            List<Long> ids = new ArrayList<>(500);
            for (int e = 0; e < 500; e++) {
                ids.add(own.isEmpty() ? 1 + random.nextInt(clusterOf.length) : own.get(random.nextInt(own.size())));
            }
            excluded.add(ids);
        }
        return excluded;
    }

    private interface Request {
        Recommendations call(RecommendationService service, long user);
    }

    private void scenario(
            String name,
            int[] queries,
            Request request,
            RecommendationService viaIndex,
            RecommendationService viaScan) {
        double recall = 0;
        int compared = 0;
        long[] indexNanos = new long[queries.length];
        long[] scanNanos = new long[Math.min(queries.length, 200)];
        for (int warmup = 0; warmup < Math.min(500, queries.length); warmup++) {
            request.call(viaIndex, queries[warmup]);
        }
        for (int r = 0; r < queries.length; r++) {
            long start = System.nanoTime();
            List<Long> approximate = ids(request.call(viaIndex, queries[r]));
            indexNanos[r] = System.nanoTime() - start;
            if (r < scanNanos.length) {
                start = System.nanoTime();
                List<Long> exact = ids(request.call(viaScan, queries[r]));
                scanNanos[r] = System.nanoTime() - start;
                if (!exact.isEmpty()) {
                    Set<Long> truth = new HashSet<>(exact);
                    recall += approximate.stream().filter(truth::contains).count() / (double) exact.size();
                    compared++;
                }
            }
        }
        Arrays.sort(indexNanos);
        Arrays.sort(scanNanos);
        out.printf(
                Locale.ROOT,
                "%-28s index: median %.3f ms, p99 %.3f ms, recall@10 %.4f (%d pages) | exact scan: median %.2f ms, p99 %.2f ms%n",
                name,
                indexNanos[indexNanos.length / 2] / 1e6,
                indexNanos[indexNanos.length * 99 / 100] / 1e6,
                recall / Math.max(1, compared),
                compared,
                scanNanos[scanNanos.length / 2] / 1e6,
                scanNanos[scanNanos.length * 99 / 100] / 1e6);
    }

    private static List<Long> ids(Recommendations list) {
        return list.items().stream().map(Recommendation::movieId).toList();
    }

    private void similar(int[] queries, int items, RecommendationService viaIndex, RecommendationService viaScan) {
        int n = queries.length;
        long[] indexNanos = new long[n];
        long[] scanNanos = new long[Math.min(n, 200)];
        double recall = 0;
        SplittableRandom random = new SplittableRandom(11);
        long[] movies = new long[n];
        for (int r = 0; r < n; r++) {
            movies[r] = 1 + random.nextInt(items);
        }
        for (int warmup = 0; warmup < Math.min(500, n); warmup++) {
            viaIndex.similar(movies[warmup], 10);
        }
        Function<SimilarMovies, List<Long>> idsOf =
                list -> list.items().stream().map(SimilarMovie::movieId).toList();
        for (int r = 0; r < n; r++) {
            long start = System.nanoTime();
            List<Long> approximate = idsOf.apply(viaIndex.similar(movies[r], 10));
            indexNanos[r] = System.nanoTime() - start;
            if (r < scanNanos.length) {
                start = System.nanoTime();
                Set<Long> exact = new HashSet<>(idsOf.apply(viaScan.similar(movies[r], 10)));
                scanNanos[r] = System.nanoTime() - start;
                recall += approximate.stream().filter(exact::contains).count() / 10.0;
            }
        }
        Arrays.sort(indexNanos);
        Arrays.sort(scanNanos);
        out.printf(
                Locale.ROOT,
                "%-28s index: median %.3f ms, p99 %.3f ms, recall@10 %.4f (%d lists) | exact scan: median %.2f ms, p99 %.2f ms%n",
                "similar movies, 10",
                indexNanos[n / 2] / 1e6,
                indexNanos[n * 99 / 100] / 1e6,
                recall / scanNanos.length,
                scanNanos.length,
                scanNanos[scanNanos.length / 2] / 1e6,
                scanNanos[scanNanos.length * 99 / 100] / 1e6);
    }

    /**
     * The ranker's scan alone, top-100 of every item for a query: float over transposed factors (what
     * the service runs), and int8 codes with the best 100 re-scored in float; recall@10 of the int8
     * scan against the float one.
     */
    private void scans(FactorModel model, int k, int[] queries) {
        RankingFactors ranker = model.ranker().orElseThrow();
        int n = model.items().size();
        float[] rows = ranker.itemRows();
        float[] transposed = Cosine.transposed(rows, n, k);
        QuantizedScan quantized = new QuantizedScan(rows, n, k);
        int runs = Math.min(queries.length, 300);
        long[] floatNanos = new long[runs];
        long[] int8Nanos = new long[runs];
        float[] scores = new float[n];
        int[] top = new int[100];
        float[] topScores = new float[100];
        double recall = 0;
        for (int r = 0; r < runs; r++) {
            float[] q = ranker.userVector(model.users().indexOrMinusOne(queries[r]));
            long start = System.nanoTime();
            Arrays.fill(scores, 0f);
            Vectors.addProducts(q, k, transposed, n, scores);
            TopK.select(scores, 0, n, top, topScores);
            floatNanos[r] = System.nanoTime() - start;
            Set<Integer> exact = new HashSet<>();
            for (int t = 0; t < 10; t++) {
                exact.add(top[t]);
            }
            start = System.nanoTime();
            quantized.scoreAll(q, scores);
            TopK.select(scores, 0, n, top, topScores);
            float[] rescored = new float[100];
            for (int c = 0; c < 100; c++) {
                rescored[c] = (float) Vectors.dot(q, 0, rows, top[c] * k, k);
            }
            int[] order = new int[10];
            TopK.select(rescored, 0, 100, order, new float[10]);
            int8Nanos[r] = System.nanoTime() - start;
            for (int t = 0; t < 10; t++) {
                if (exact.contains(top[order[t]])) {
                    recall += 0.1;
                }
            }
        }
        Arrays.sort(floatNanos);
        Arrays.sort(int8Nanos);
        out.printf(
                Locale.ROOT,
                "%-28s float (%.0f MB): median %.2f ms, p99 %.2f ms | int8 + float re-score (%.0f MB): median %.2f ms, p99 %.2f ms, recall@10 %.4f%n",
                "ranker scan of every item",
                n * (double) k * 4 / 1048576,
                floatNanos[runs / 2] / 1e6,
                floatNanos[runs * 99 / 100] / 1e6,
                quantized.bytes() / 1048576.0,
                int8Nanos[runs / 2] / 1e6,
                int8Nanos[runs * 99 / 100] / 1e6,
                recall / runs);
    }

    private static RecommendationService service(ServingModel serving, int candidatesPerResult) {
        ServedVersion served = new ServedVersion();
        served.activate(serving);
        // No support floor for similar movies: the synthetic movies have a fifth of a rating each on
        // average (users × 20 / items), so the service's floor of 20 would leave every list empty.
        ServingProperties properties = ServingProperties.defaults()
                .withPopularity(Popularity.COUNT)
                .withIndex(ServingProperties.Index.from(1).withCandidatesPerResult(candidatesPerResult))
                .withSimilarMinRatings(0);
        return new RecommendationService(served, properties, new SimpleMeterRegistry());
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("catalogue-benchmark-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
