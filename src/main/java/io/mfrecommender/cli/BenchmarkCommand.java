package io.mfrecommender.cli;

import io.mfrecommender.benchmark.AlsKernelBenchmark;
import io.mfrecommender.benchmark.CatalogueBenchmark;
import io.mfrecommender.benchmark.Ease;
import io.mfrecommender.benchmark.FoldInBenchmark;
import io.mfrecommender.benchmark.IndexBenchmark;
import io.mfrecommender.benchmark.JournalReplayBenchmark;
import io.mfrecommender.benchmark.ListsBenchmark;
import io.mfrecommender.benchmark.NewItemsBenchmark;
import io.mfrecommender.benchmark.ServingBenchmark;
import io.mfrecommender.benchmark.SimilarBenchmark;
import io.mfrecommender.data.CatalogReader;
import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.RatingsReader;
import io.mfrecommender.data.Split;
import io.mfrecommender.data.SplitStrategy;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.evaluation.RankingMetrics;
import io.mfrecommender.index.ItemIndex;
import io.mfrecommender.linalg.Simd;
import io.mfrecommender.model.RankingFactors;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.AlsParameters;
import io.mfrecommender.training.AlsTrainer;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.RecipeBuilder;
import io.mfrecommender.training.SgdParameters;
import io.mfrecommender.training.TrainingListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code benchmark data [--ratings FILE] [--synthetic N] [--runs R]}: load times (median of R
 * runs after one warm-up) and the heap a loaded dataset retains.
 */
final class BenchmarkCommand {

    private final PrintStream out;

    BenchmarkCommand(PrintStream out) {
        this.out = out;
    }

    static final String USAGE = """
            usage: benchmark data [--ratings FILE] [--synthetic N] [--runs R]
                   benchmark serving [--factors K] [--ranker-factors K] [--requests N] [--users N --ratings N]
                   benchmark serving --items N [--factors K] [--users N] [--requests N] [--threads T]
                                     [--max-connections M] [--beam-width B] [--index-dir DIR]
                                     [--candidates-per-result C,C,...]
                   benchmark ials [--repetitions N]
                   benchmark fold-in --ratings FILE [--factors K] [--ranker-factors K] [--seed S]
                   benchmark ease --ratings FILE --test FILE [--lambda X] [--ranking-k K] [--ease-share P,P,...] [--keep M]
                   benchmark ease --ratings embedded|clustered:SEED|FILE [--seed S] [--lambda X] [--ranking-k K]
                                  [--ease-share P,P,...] [--keep M]
                   benchmark similar --ratings FILE --test FILE [--movies FILE] [--examples ID,ID,...] [--well-known N]
                   benchmark similar --ratings embedded|clustered:SEED|FILE [--seed S] [--examples ID,ID,...] [--well-known N]
                   benchmark lists --ratings FILE --test FILE
                   benchmark new-users --ratings FILE [--seed S] [--trained-in true|false]
                   benchmark new-items --ratings FILE --test FILE [--share X] [--seed S]
                   benchmark journal [--entries N] [--users N] [--movies N] [--runs R] [--directory DIR]
                   benchmark index --directory DIR --write true [--items N] [--factors K] [--queries Q] [--seed S]
                   benchmark index --directory DIR [--threads T] [--max-connections M] [--beam-width B]
                                   [--widths W,W,...]   (bench/index-vs-hnswlib.sh runs both with hnswlib)""";

    /** Without {@code --items}, {@code serving} measures a MovieLens-sized model; these options are then refused. */
    private static final Set<String> CATALOGUE_ONLY =
            Set.of("items", "threads", "seed", "max-connections", "beam-width", "index-dir", "candidates-per-result");

    /** Each benchmark and its options. */
    static final Map<String, Set<String>> OPTIONS = options();

    private static Map<String, Set<String>> options() {
        Map<String, Set<String>> options = new LinkedHashMap<>();
        options.put("data", Set.of("ratings", "synthetic", "runs"));
        Set<String> serving = new TreeSet<>(CATALOGUE_ONLY);
        serving.addAll(Set.of("factors", "users", "requests", "ranker-factors", "ratings"));
        options.put("serving", serving);
        options.put("ials", Set.of("repetitions"));
        options.put("fold-in", Set.of("ratings", "factors", "ranker-factors", "seed"));
        options.put("ease", Set.of("ratings", "test", "lambda", "ranking-k", "seed", "ease-share", "keep"));
        options.put("similar", Set.of("ratings", "test", "movies", "examples", "well-known", "seed"));
        options.put("lists", Set.of("ratings", "test"));
        options.put("new-users", Set.of("ratings", "seed", "trained-in"));
        options.put("new-items", Set.of("ratings", "test", "share", "seed"));
        options.put("journal", Set.of("entries", "users", "movies", "runs", "directory"));
        options.put(
                "index",
                Set.of(
                        "directory",
                        "write",
                        "items",
                        "factors",
                        "queries",
                        "seed",
                        "threads",
                        "max-connections",
                        "beam-width",
                        "widths"));
        return Map.copyOf(options);
    }

    int run(String what, Options options) {
        return switch (what) {
            case "data" -> data(options);
            case "serving" -> {
                if (options.has("items")) {
                    Set<String> catalogue = new TreeSet<>(CATALOGUE_ONLY);
                    catalogue.addAll(Set.of("factors", "users", "requests"));
                    yield catalogue(options.allow(catalogue));
                }
                yield serving(options.allow(Set.of("factors", "ranker-factors", "requests", "users", "ratings")));
            }
            case "ials" -> ials(options);
            case "fold-in" -> foldIn(options);
            case "ease" -> ease(options);
            case "similar" -> similar(options);
            case "lists" -> lists(options);
            case "new-users" -> newUsers(options);
            case "new-items" -> newItems(options);
            case "journal" -> journal(options);
            case "index" -> index(options);
            default -> throw new UsageException(USAGE);
        };
    }

    /** Top-10 latency in process on a MovieLens-1M-shaped version: {@link ServingBenchmark}. */
    private int serving(Options options) {
        new ServingBenchmark(out)
                .run(
                        options.integer("factors", 128, 1, 1024),
                        options.integer("ranker-factors", 64, 0, 1024),
                        options.integer("requests", 50_000, 100, 10_000_000),
                        options.integer("users", 6040, 1, 50_000_000),
                        options.integer("ratings", 1_000_000, 1, 500_000_000));
        return 0;
    }

    /** Top-N over a large synthetic catalogue, index against exact scan, see {@link io.mfrecommender.benchmark.CatalogueBenchmark}. */
    private int catalogue(Options options) {
        return new CatalogueBenchmark(out)
                .run(
                        options.integer("items", 1_000_000, 1000, 20_000_000),
                        options.integer("factors", 64, 1, 1024),
                        options.integer("users", 10_000, 10, 1_000_000),
                        options.integer("requests", 5_000, 100, 10_000_000),
                        options.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 256),
                        new ItemIndex.Shape(
                                options.integer("max-connections", 32, 2, 512),
                                options.integer("beam-width", 100, 1, 3200)),
                        options.longValue("seed", 7),
                        options.has("index-dir") ? Path.of(options.string("index-dir", "")) : null,
                        options.integers(
                                "candidates-per-result",
                                ServingProperties.Index.DEFAULTS.candidatesPerResult(),
                                1,
                                100));
    }

    /**
     * The ranker's dense work in plain Java against ND4J at k = 32, 64, 128, on MovieLens-1M-sized
     * matrices (3,706 items; 165 interactions per user): the Gramian of the item factors, and 600
     * user rows built and solved. One thread, median seconds.
     */
    private int ials(Options options) {
        int repetitions = options.integer("repetitions", 7, 1, 1000);
        out.printf(Locale.ROOT, "kernel %s%n", Simd.kernelName());
        for (int k : new int[] {32, 64, 128}) {
            AlsKernelBenchmark.Timing t = AlsKernelBenchmark.measure(k, 3706, 600, 165, repetitions);
            out.printf(
                    Locale.ROOT,
                    "k=%3d  gramian 3706 x k: java %.2f ms, nd4j %.2f ms  |  row solve (%d interactions): "
                            + "java %.1f us, nd4j %.1f us per row%n",
                    k,
                    t.gramianJava() * 1e3,
                    t.gramianNd4j() * 1e3,
                    (int) t.interactionsPerRow(),
                    t.rowsJava() / t.rows() * 1e6,
                    t.rowsNd4j() / t.rows() * 1e6);
        }
        return 0;
    }

    /** Fold-in quality and latency, see {@link FoldInBenchmark}. Defaults: sgd k = 64 and the default ranker. */
    private int foldIn(Options options) {
        if (!options.has("ratings")) {
            throw new UsageException("--ratings is required\n" + USAGE);
        }
        long seed = options.longValue("seed", 42);
        ModelRecipe recipe = new ModelRecipe(
                SgdParameters.defaults().with(Map.of("factors", options.integer("factors", 64, 1, 1024), "seed", seed)),
                AlsParameters.defaults()
                        .with(Map.of("factors", options.integer("ranker-factors", 64, 1, 1024), "seed", seed)));
        Dataset ratings = new RatingsReader(ParseMode.LENIENT, null)
                .read(Path.of(options.string("ratings", "")))
                .dataset();
        return new FoldInBenchmark(out).run(ratings, recipe, seed);
    }

    /**
     * The training and test ratings a quality benchmark runs on: {@code --ratings} and {@code --test}
     * files, or {@code --ratings} as {@code train} reads it ({@code embedded}, {@code clustered:SEED},
     * {@code synthetic:N} or a file) split 90/10 by {@code --seed} (default 42) exactly as {@code
     * train} splits it, so both are measured on the same held-out ratings.
     */
    private static Split split(Options options) {
        if (!options.has("ratings")) {
            throw new UsageException("--ratings is required\n" + USAGE);
        }
        RatingsReader reader = new RatingsReader(ParseMode.LENIENT, null);
        String ratings = options.string("ratings", "");
        if (options.has("test")) {
            return new Split(
                    reader.read(Path.of(ratings)).dataset(),
                    reader.read(Path.of(options.string("test", ""))).dataset());
        }
        return new SplitStrategy.Random(0.9)
                .apply(TrainCommand.ratings(ratings, ParseMode.LENIENT, reader), options.longValue("seed", 42));
    }

    /**
     * The EASE baseline on a split, with the ranking protocol the {@code train} command reports:
     * one JSON line with {@code ndcgAtK}, {@code precisionAtK}, {@code recallAtK}, {@code lambda}.
     * With {@code --ease-share P,P,...} (percent), the service's default ranker is trained too and
     * each line scores {@code (1 − P/100)·ranker + P/100·EASE}; {@code --keep M} cuts each of EASE's
     * rows to its M largest weights.
     */
    private int ease(Options options) {
        Split split = split(options);
        Dataset train = split.train().compacted();
        double lambda = options.decimal("lambda", 500, 0, 1e9);
        int k = options.integer("ranking-k", 10, 1, 1000);
        int keep = options.integer("keep", 0, 0, 1_000_000);
        long start = System.nanoTime();
        RankingFactors ranker = options.has("ease-share")
                ? new AlsTrainer()
                        .train(
                                train,
                                RecipeBuilder.defaults(Algorithm.SGD).build().ranker(),
                                TrainingListener.NONE,
                                Cancellation.NONE)
                        .factors()
                : null;
        try (Ease.Weights weights = Ease.weights(train, lambda, keep)) {
            for (int share : options.integers("ease-share", 100, 0, 100)) {
                RankingMetrics metrics = Ease.evaluate(train, split.test(), weights, k, ranker, share / 100.0);
                Map<String, Object> line = new LinkedHashMap<>(metrics.asMap());
                line.put("lambda", lambda);
                if (ranker != null) {
                    line.put("easeShare", share / 100.0);
                }
                if (keep > 0) {
                    line.put("keep", keep);
                }
                line.put("seconds", (System.nanoTime() - start) / 1e9);
                out.println(JsonMapper.builder().build().writeValueAsString(line));
            }
        }
        return 0;
    }

    /** Similar movies by each method on a split, see {@link io.mfrecommender.benchmark.SimilarBenchmark}. */
    private int similar(Options options) {
        Split split = split(options);
        Dataset train = split.train();
        Dataset test = split.test();
        MovieCatalog catalog = options.has("movies")
                ? new CatalogReader(ParseMode.LENIENT).read(Path.of(options.string("movies", "")))
                : options.string("ratings", "").equals("embedded")
                        ? TrainCommand.embedded(ParseMode.LENIENT).catalog()
                        : MovieCatalog.empty();
        List<Long> examples = Arrays.stream(options.string("examples", "").split(","))
                .map(String::strip)
                .filter(text -> !text.isEmpty())
                .map(Long::parseLong)
                .toList();
        ModelRecipe recipe = RecipeBuilder.defaults(Algorithm.SGD).build();
        return new SimilarBenchmark(out)
                .run(train, test, catalog, recipe, examples, options.integer("well-known", 20, 0, 1000));
    }

    /** Movies folded in from their ratings against trained in, see {@link io.mfrecommender.benchmark.NewItemsBenchmark}. */
    private int newItems(Options options) {
        if (!options.has("ratings") || !options.has("test")) {
            throw new UsageException("--ratings and --test are required\n" + USAGE);
        }
        long seed = options.longValue("seed", 42);
        RatingsReader reader = new RatingsReader(ParseMode.LENIENT, null);
        Dataset train = reader.read(Path.of(options.string("ratings", ""))).dataset();
        Dataset test = reader.read(Path.of(options.string("test", ""))).dataset();
        ModelRecipe recipe = RecipeBuilder.defaults(Algorithm.SGD).seed(seed).build();
        return new NewItemsBenchmark(out).run(train, test, recipe, options.decimal("share", 0.1, 0.01, 0.5), seed);
    }

    /** The new-user curve, see {@link FoldInBenchmark#newUsers}; the service's default recipe. */
    private int newUsers(Options options) {
        if (!options.has("ratings")) {
            throw new UsageException("--ratings is required\n" + USAGE);
        }
        long seed = options.longValue("seed", 42);
        Dataset ratings = new RatingsReader(ParseMode.LENIENT, null)
                .read(Path.of(options.string("ratings", "")))
                .dataset();
        ModelRecipe recipe = RecipeBuilder.defaults(Algorithm.SGD).seed(seed).build();
        return new FoldInBenchmark(out)
                .newUsers(
                        ratings,
                        recipe,
                        seed,
                        !options.string("trained-in", "true").equals("false"));
    }

    /** What the list rules cost and change, see {@link io.mfrecommender.benchmark.ListsBenchmark}. */
    private int lists(Options options) {
        if (!options.has("ratings") || !options.has("test")) {
            throw new UsageException("--ratings and --test are required\n" + USAGE);
        }
        RatingsReader reader = new RatingsReader(ParseMode.LENIENT, null);
        return new ListsBenchmark(out)
                .run(
                        reader.read(Path.of(options.string("ratings", ""))).dataset(),
                        reader.read(Path.of(options.string("test", ""))).dataset(),
                        RecipeBuilder.defaults(Algorithm.SGD).build());
    }

    private int data(Options options) {
        int runs = options.integer("runs", 5, 1, 1000);
        RatingsReader reader = new RatingsReader(ParseMode.LENIENT, null);
        try {
            Path embedded = Files.createTempFile("embedded-ratings", ".dat");
            try (InputStream in =
                    getClass().getClassLoader().getResourceAsStream("datasets/movietweetings-100k/ratings.dat")) {
                Files.copy(in, embedded, StandardCopyOption.REPLACE_EXISTING);
            }
            measure("embedded MovieTweetings 100K", embedded, reader, runs);
            Files.delete(embedded);
            if (options.has("ratings")) {
                Path file = Path.of(options.string("ratings", ""));
                measure(file.toString(), file, reader, runs);
            }
            int synthetic = options.integer("synthetic", 1_000_000, 1, 50_000_000);
            Path generated = Files.createTempFile("synthetic-ratings", ".dat");
            SyntheticRatings.movieLensLike(synthetic, 42).writeTo(generated);
            measure("synthetic " + synthetic, generated, reader, runs);
            Files.delete(generated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    private void measure(String name, Path file, RatingsReader reader, int runs) {
        reader.read(file);
        double[] millis = new double[runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            reader.read(file);
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        long before = ServingBenchmark.usedHeapAfterGc();
        Dataset retained = reader.read(file).dataset();
        long after = ServingBenchmark.usedHeapAfterGc();
        out.printf(
                Locale.ROOT,
                "load %-32s ratings=%,d users=%,d items=%,d median=%.1f ms min=%.1f ms runs=%d retained=%.1f MB%n",
                name,
                retained.size(),
                retained.users().size(),
                retained.items().size(),
                millis[runs / 2],
                millis[0],
                runs,
                (after - before) / 1048576.0);
    }

    /** Random factors: they cost the same to score as trained ones. */
    /** Replay of the rating journal before and after compaction ({@link io.mfrecommender.benchmark.JournalReplayBenchmark}). */
    private int journal(Options options) {
        JournalReplayBenchmark.run(
                options.has("directory")
                        ? Path.of(options.string("directory", null))
                        : JournalReplayBenchmark.defaultDirectory(),
                options.integer("entries", 1_000_000, 1, 100_000_000),
                options.integer("users", 10_000, 1, 100_000_000),
                options.integer("movies", 10, 1, 100_000_000),
                options.integer("runs", 5, 1, 100),
                out);
        return 0;
    }

    /** The item index against hnswlib on the same vectors: {@link IndexBenchmark}. */
    private int index(Options options) {
        Path directory = Path.of(options.string("directory", "target/index-benchmark"));
        IndexBenchmark benchmark = new IndexBenchmark(out);
        if (Boolean.parseBoolean(options.string("write", "false"))) {
            return benchmark.write(
                    directory,
                    options.integer("items", 200_000, 100, 20_000_000),
                    options.integer("factors", 64, 1, 1024),
                    options.integer("queries", 1_000, 10, 1_000_000),
                    options.integer("seed", 7, 0, Integer.MAX_VALUE));
        }
        return benchmark.run(
                directory,
                options.integer("threads", 2, 1, 256),
                new ItemIndex.Shape(
                        options.integer("max-connections", 32, 2, 512), options.integer("beam-width", 100, 1, 3200)),
                options.integers("widths", 10, 10, 10_000));
    }
}
