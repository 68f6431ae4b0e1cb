package io.mfrecommender.cli;

import io.mfrecommender.benchmark.JitWarmUp;
import io.mfrecommender.data.ClusteredRatings;
import io.mfrecommender.data.DataProperties;
import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.EventTable;
import io.mfrecommender.data.EventsReader;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.RatingsReader;
import io.mfrecommender.data.SplitStrategy;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.AlsTrainer;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.EpochReport;
import io.mfrecommender.training.EventWeights;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.RecipeBuilder;
import io.mfrecommender.training.Tuning;
import io.mfrecommender.versions.ActivationPolicy;
import io.mfrecommender.versions.HoldOut;
import io.mfrecommender.versions.PostedRatings;
import io.mfrecommender.versions.TrainingPlan;
import io.mfrecommender.versions.VersionPipeline;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code train --ratings FILE|embedded [--test FILE] [--algorithm sgd|adam] [--factors K] [--epochs N]
 * [--learning-rate X] [--regularization X] [--split random:0.9|per-user:0.1|temporal:5] [--seed S]
 * [--threads T] [--ranking-k K] [--output MODELS_DIR] ...}: runs the service's
 * {@link VersionPipeline} without the web server, prints one line per epoch and, last, one JSON
 * line with the evaluation on the held-out ratings; with {@code --output} the version is saved
 * with the manifest a training job writes. {@code --benchmark true} warms the JIT up first and
 * keeps worker threads spinning, for timing.
 */
final class TrainCommand {

    static final String USAGE = """
            usage: train --ratings FILE|embedded|synthetic:N|clustered:SEED [--test FILE] [--events FILE [--event-half-life-days D]] [--algorithm sgd|adam] [--factors K]
                         [--epochs N] [--learning-rate X] [--regularization X] [--bias-regularization X]
                         [--implicit-rate X] [--implicit-regularization X]
                         [--decay X] [--init-std X] [--batch-size N] [--validation-fraction X] [--patience N] [--refit true|false]
                         [--ranker ials|none] [--ranker-factors K] [--ranker-epochs N] [--ranker-regularization X]
                         [--ranker-unobserved-weights X,Y,...] [--ranker-frequency-exponent X] [--ranker-interactions all|liked|weighted|events]
                         [--ranker-rating-weight X] [--ranker-validation-fraction X] [--ranker-patience N] [--ranker-refit true|false]
                         [--split random:0.9|per-user:0.1|temporal:5] [--seed S] [--threads T]
                         [--ranking-k K] [--popularity count|damped-mean|count-times-mean] [--popular-damping M]
                         [--output MODELS_DIR [--activate true|false]] [--parse-mode lenient|strict]
                         [--benchmark true|false]""";

    /** The options that name a rating-model parameter, by parameter name: its kebab-case, and {@code --decay}. */
    private static final Map<String, String> RATING_OPTIONS = byOption(
            "",
            List.of(
                    "factors",
                    "epochs",
                    "learningRate",
                    "regularization",
                    "biasRegularization",
                    "implicitRate",
                    "implicitRegularization",
                    "initStd",
                    "batchSize",
                    "validationFraction",
                    "patience",
                    "refit"),
            Map.of("decay", "learningRateDecay"));

    /** The options that name a ranker parameter: {@code --ranker-} and its kebab-case. */
    private static final Map<String, String> RANKER_OPTIONS = byOption(
            "ranker-",
            List.of(
                    "factors",
                    "epochs",
                    "regularization",
                    "unobservedWeights",
                    "frequencyExponent",
                    "interactions",
                    "ratingWeight",
                    "validationFraction",
                    "refit",
                    "patience"),
            Map.of());

    /** Options for {@code parameters} ({@code prefix} + kebab-case), {@code others} as given, and {@code --seed} and {@code --threads}, which serve both models. */
    private static Map<String, String> byOption(String prefix, List<String> parameters, Map<String, String> others) {
        Map<String, String> options = new LinkedHashMap<>(others);
        for (String parameter : parameters) {
            options.put(prefix + parameter.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT), parameter);
        }
        options.put("seed", "seed");
        options.put("threads", "threads");
        return Map.copyOf(options);
    }

    /** Every option of {@code train}. */
    static final Set<String> OPTIONS = known();

    private final PrintStream out;

    TrainCommand(PrintStream out) {
        this.out = out;
    }

    int run(Options options) {
        if (!options.has("ratings")) {
            throw new UsageException("--ratings is required\n" + USAGE);
        }
        ModelRecipe recipe = recipe(options);
        Popularity popularity;
        try {
            popularity = Popularity.parse(options.string("popularity", ServingProperties.DEFAULT_POPULARITY));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--popularity: " + e.getMessage());
        }
        double damping = options.decimal("popular-damping", ServingProperties.DEFAULT_DAMPING, 0, 1e9);
        ParseMode parseMode = switch (options.string("parse-mode", "lenient").toLowerCase(Locale.ROOT)) {
            case "lenient" -> ParseMode.LENIENT;
            case "strict" -> ParseMode.STRICT;
            default -> throw new UsageException("--parse-mode must be lenient or strict");
        };
        RatingsReader reader = new RatingsReader(parseMode, null);
        Dataset ratings = ratings(options.string("ratings", ""), parseMode, reader);
        TrainingPlan plan = plan(options, recipe, reader);
        if (options.bool("benchmark", false)) {
            Tuning.preferSpinning();
            JitWarmUp.sgd(recipe.rating().threads());
        }
        ModelStore store = new ModelStore(Path.of(options.string("output", "models")));
        EventTable events =
                options.has("events") ? EventsReader.read(Path.of(options.string("events", ""))) : EventTable.EMPTY;
        double halfLifeDays =
                options.decimal("event-half-life-days", EventWeights.DEFAULT_HALF_LIFE_SECONDS / 86_400, 0, 1e6);
        VersionPipeline pipeline =
                new VersionPipeline(store, EventWeights.DEFAULTS.withHalfLife(halfLifeDays * 86_400));
        VersionPipeline.Steps steps = VersionPipeline.Steps.of(new EpochLines(out, recipe), Cancellation.NONE);
        VersionPipeline.Candidate candidate = pipeline.candidate(plan, ratings, events, null, steps);
        Map<String, Object> summary = new TrainSummary(options, plan, candidate, popularity, damping).toMap();
        if (options.has("output")) {
            LoadedData data = new LoadedData(ratingsName(options), ratings, null, MovieCatalog.empty(), events);
            // The service started with recommender.models.directory=DIR serves what the command line saved there.
            VersionPipeline.Outcome outcome = pipeline.release(
                    candidate, plan, PostedRatings.Snapshot.of(data), steps, saved -> store.activate(saved.version()));
            summary.put("modelVersion", outcome.saved().version());
            summary.put(
                    "modelDirectory",
                    store.root().resolve(outcome.saved().version()).toString());
            summary.put("activated", outcome.decision().activate());
        }
        out.println(JsonMapper.builder().build().writeValueAsString(summary));
        return 0;
    }

    private static Set<String> known() {
        Set<String> known = new TreeSet<>(List.of(
                "ratings",
                "test",
                "events",
                "event-half-life-days",
                "algorithm",
                "split",
                "ranking-k",
                "output",
                "parse-mode",
                "ranker",
                "popularity",
                "popular-damping",
                "activate",
                "benchmark"));
        known.addAll(RATING_OPTIONS.keySet());
        known.addAll(RANKER_OPTIONS.keySet());
        return known;
    }

    /**
     * What to hold out ({@code --test FILE}, or {@code --split}: 70/30 for adam as the notebook did,
     * 90/10 otherwise, seeded by {@code --seed}), NDCG at {@code --ranking-k} (at 10 for a saved
     * version, whose manifest records it), and {@code --activate}.
     */
    private static TrainingPlan plan(Options options, ModelRecipe recipe, RatingsReader reader) {
        HoldOut holdOut;
        if (options.has("test")) {
            holdOut = new HoldOut.Given(
                    reader.read(Path.of(options.string("test", ""))).dataset(), options.string("test", ""));
        } else {
            boolean adam = recipe.rating().algorithm() == Algorithm.ADAM;
            try {
                holdOut = new HoldOut.Seeded(
                        SplitStrategy.parse(options.string("split", adam ? "random:0.7" : "random:0.9")),
                        recipe.rating().seed());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        int rankingK = options.has("ranking-k")
                ? options.integer("ranking-k", TrainingPlan.RANKING_K, 1, 1000)
                : options.has("output") ? TrainingPlan.RANKING_K : 0;
        ActivationPolicy activation = options.bool("activate", true) ? ActivationPolicy.ALWAYS : ActivationPolicy.NEVER;
        return new TrainingPlan(recipe, holdOut, rankingK, activation);
    }

    private static String ratingsName(Options options) {
        String name = options.string("ratings", "");
        return options.has("test") ? name + " (tested on " + options.string("test", "") + ")" : name;
    }

    /**
     * The rating model from its options; the ranker from its own, unless {@code --ranker none}
     * (the default for adam). A refused parameter is named as its option.
     */
    private static ModelRecipe recipe(Options options) {
        Algorithm algorithm;
        try {
            algorithm = Algorithm.parse(options.string("algorithm", "sgd"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        RecipeBuilder builder = RecipeBuilder.defaults(algorithm).rating(options.typed(RATING_OPTIONS));
        if (options.has("ranker")) {
            String ranker = options.string("ranker", "");
            if (!ranker.equals("none") && !ranker.equals(AlsTrainer.ALGORITHM)) {
                throw new UsageException("--ranker must be " + AlsTrainer.ALGORITHM + " or none, got '" + ranker + "'");
            }
            builder.ranker(ranker.equals(AlsTrainer.ALGORITHM));
        }
        builder.ranker(options.typed(RANKER_OPTIONS));
        try {
            return builder.build();
        } catch (RecipeBuilder.InvalidRecipeException e) {
            Map<String, String> names = e.model().equals(EpochReport.RANKER) ? RANKER_OPTIONS : RATING_OPTIONS;
            String option = names.entrySet().stream()
                    .filter(entry -> entry.getValue().equals(e.refused().parameter()))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(e.refused().parameter());
            throw new UsageException(e.refused().describedAs("--" + option));
        }
    }

    /** The shipped MovieTweetings snapshot and its catalogue, as the service loads them. */
    static LoadedData embedded(ParseMode parseMode) {
        return new DataSourceLoader(new DataProperties(
                        DataProperties.Source.EMBEDDED, null, null, Path.of("data"), parseMode, null, null, null, null))
                .load();
    }

    /**
     * A file, {@code embedded} (the shipped MovieTweetings snapshot), {@code synthetic:N} (MovieLens-like,
     * seeded) or {@code clustered:SEED} (100,000 ratings with clustered tastes, {@link ClusteredRatings}).
     */
    static Dataset ratings(String name, ParseMode parseMode, RatingsReader reader) {
        if (name.equals("embedded")) {
            return embedded(parseMode).ratings();
        }
        if (name.startsWith("clustered:")) {
            try {
                return ClusteredRatings.small(Long.parseLong(name.substring("clustered:".length())))
                        .generate();
            } catch (NumberFormatException e) {
                throw new UsageException("--ratings clustered:SEED needs a whole number as its seed, got " + name);
            }
        }
        if (name.startsWith("synthetic:")) {
            try {
                return SyntheticRatings.movieLensLike(Integer.parseInt(name.substring("synthetic:".length())), 42)
                        .generate();
            } catch (IllegalArgumentException e) {
                throw new UsageException(
                        "--ratings synthetic:N needs a positive number of ratings (up to 2^31 - 1), got " + name);
            }
        }
        return reader.read(Path.of(name)).dataset();
    }
}
