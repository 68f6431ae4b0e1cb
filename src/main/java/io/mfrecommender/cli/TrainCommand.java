package io.mfrecommender.cli;

import io.mfrecommender.data.DataProperties;
import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.RatingsReader;
import io.mfrecommender.data.Split;
import io.mfrecommender.data.SplitStrategy;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.evaluation.Evaluation;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.jobs.ModelService;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.recommendation.ServingProperties;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.AlsParameters;
import io.mfrecommender.training.AlsTrainer;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.EpochReport;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.RankerResult;
import io.mfrecommender.training.SgdParameters;
import io.mfrecommender.training.TrainingListener;
import io.mfrecommender.training.TrainingParameters;
import io.mfrecommender.training.TrainingResult;
import io.mfrecommender.training.VersionTrainer;
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
 * [--threads T] [--ranking-k K] [--output MODELS_DIR] ...}: trains without the web server, prints
 * one line per epoch and, last, one JSON line with the evaluation on the held-out ratings.
 */
final class TrainCommand {

    static final String USAGE = """
            usage: train --ratings FILE|embedded|synthetic:N [--test FILE] [--algorithm sgd|adam] [--factors K]
                         [--epochs N] [--learning-rate X] [--regularization X] [--bias-regularization X]
                         [--implicit-rate X] [--implicit-regularization X]
                         [--decay X] [--init-std X] [--batch-size N] [--validation-fraction X] [--patience N] [--refit true|false]
                         [--ranker ials|none] [--ranker-factors K] [--ranker-epochs N] [--ranker-regularization X]
                         [--ranker-unobserved-weights X,Y,...] [--ranker-frequency-exponent X] [--ranker-interactions all|liked|weighted]
                         [--ranker-rating-weight X] [--ranker-validation-fraction X] [--ranker-patience N] [--ranker-refit true|false]
                         [--split random:0.9|per-user:0.1|temporal:5] [--seed S] [--threads T]
                         [--ranking-k K] [--popularity count|damped-mean|count-times-mean] [--popular-damping M]
                         [--output MODELS_DIR [--activate true|false]] [--parse-mode lenient|strict]""";

    /** The options that name a ranker parameter, by parameter name ({@code --seed} and {@code --threads} serve both models). */
    private static final Map<String, String> RANKER_OPTIONS = Map.ofEntries(
            Map.entry("ranker-factors", "factors"),
            Map.entry("ranker-epochs", "epochs"),
            Map.entry("ranker-regularization", "regularization"),
            Map.entry("ranker-unobserved-weights", "unobservedWeights"),
            Map.entry("ranker-frequency-exponent", "frequencyExponent"),
            Map.entry("ranker-interactions", "interactions"),
            Map.entry("ranker-rating-weight", "ratingWeight"),
            Map.entry("ranker-validation-fraction", "validationFraction"),
            Map.entry("ranker-refit", "refit"),
            Map.entry("ranker-patience", "patience"),
            Map.entry("seed", "seed"),
            Map.entry("threads", "threads"));

    private final PrintStream out;

    TrainCommand(PrintStream out) {
        this.out = out;
    }

    int run(Options options) {
        Set<String> known = new TreeSet<>(List.of(
                "ratings",
                "test",
                "algorithm",
                "split",
                "ranking-k",
                "output",
                "parse-mode",
                "ranker",
                "popularity",
                "popular-damping",
                "activate"));
        known.addAll(RATING_OPTIONS.keySet());
        known.addAll(RANKER_OPTIONS.keySet());
        options.allow(known);
        if (!options.has("ratings")) {
            throw new UsageException("--ratings is required\n" + USAGE);
        }
        Algorithm algorithm;
        try {
            algorithm = Algorithm.parse(options.string("algorithm", "sgd"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ModelRecipe recipe = recipe(options, algorithm);
        TrainingParameters parameters = recipe.rating();
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
        String splitName;
        Dataset train;
        Dataset test;
        if (options.has("test")) {
            train = ratings;
            test = reader.read(Path.of(options.string("test", ""))).dataset();
            splitName = "file";
        } else {
            SplitStrategy strategy;
            try {
                strategy = SplitStrategy.parse(
                        options.string("split", algorithm == Algorithm.ADAM ? "random:0.7" : "random:0.9"));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            Split split = strategy.apply(ratings, parameters.seed());
            train = split.train();
            test = split.test();
            splitName = strategy.toString();
        }

        TrainingListener progress = report -> {
            boolean ranker = report.model().equals(EpochReport.RANKER);
            int epochs = ranker ? recipe.ranker().epochs() : parameters.epochs();
            String validation = ranker
                    ? Double.isNaN(report.validationNdcg())
                            ? ""
                            : String.format(Locale.ROOT, "  validation-ndcg@10 %.4f", report.validationNdcg())
                    : Double.isNaN(report.validationRmse())
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "  validation-rmse %.4f  validation-mae %.4f",
                                    report.validationRmse(),
                                    report.validationMae());
            out.printf(
                    Locale.ROOT,
                    "%s%s %3d/%d  %s %.4f%s%s  %.2f ms%n",
                    ranker ? "ranker " : "",
                    report.refit() ? "refit" : "epoch",
                    report.epoch(),
                    epochs,
                    ranker ? "loss" : "train-rmse",
                    report.trainLoss(),
                    validation,
                    ranker ? "" : String.format(Locale.ROOT, "  lr %.5f", report.learningRate()),
                    report.seconds() * 1e3);
        };
        ModelService models = new ModelService(new ModelStore(Path.of(options.string("output", "models"))));
        VersionTrainer.Trained trained = models.train(train, recipe, progress, Cancellation.NONE);
        TrainingResult result = trained.rating();
        FactorModel model = trained.model();
        Evaluation evaluation = Evaluator.accuracy(model, test);
        Map<String, Object> comparisons = new LinkedHashMap<>();
        if (options.has("ranking-k")) {
            int k = options.integer("ranking-k", 10, 1, 1000);
            evaluation = evaluation.withRanking(Evaluator.ranking(model, train, test, k));
            comparisons.put(
                    "byPredictedRating",
                    Evaluator.rankingByPredictedRating(model, train, test, k).asMap());
            Map<String, Object> popular = new LinkedHashMap<>();
            popular.put("popularity", popularity.id());
            popular.putAll(
                    Evaluator.rankingOfList(popularity.scores(train, model.items(), damping), model, train, test, k)
                            .asMap());
            comparisons.put("popular", popular);
            comparisons.put("similarCoRating", Evaluator.similarCoRating(model, test, SIMILAR_K));
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("algorithm", algorithm.id());
        summary.put("factors", parameters.factors());
        if (parameters instanceof SgdParameters sgd) {
            summary.put("implicitRate", sgd.implicitRate());
        }
        summary.put("epochs", result.epochs().size());
        summary.put("bestEpoch", result.bestEpoch());
        summary.put("split", splitName);
        summary.put("trainRatings", train.size());
        summary.put("ranking", model.ranker().isPresent() ? AlsTrainer.ALGORITHM : "predicted-rating");
        summary.putAll(evaluation.asMap());
        summary.putAll(comparisons);
        summary.put("trainSeconds", result.trainSeconds());
        summary.put("nsPerRatingUpdate", result.nanosPerRatingUpdate());
        if (trained.ranker() != null) {
            RankerResult ranker = trained.ranker();
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("factors", recipe.ranker().factors());
            section.put("interactions", recipe.ranker().interactions().toString());
            section.put("epochs", ranker.epochs().size());
            section.put("bestEpoch", ranker.bestEpoch());
            section.put("unobservedWeight", ranker.unobservedWeight());
            if (Double.isFinite(ranker.validationNdcg())) {
                section.put("validationNdcg", ranker.validationNdcg());
            }
            section.put("trainSeconds", ranker.trainSeconds());
            section.put(
                    "secondsPerEpoch",
                    ranker.trainSeconds() / Math.max(1, ranker.epochs().size()));
            summary.put("ranker", section);
        }
        summary.put("threads", parameters.threads());
        summary.put("seed", parameters.seed());
        if (options.has("output")) {
            FactorModel saved = models.save(trained, ratingsName(options), evaluation.asMap(), 0);
            summary.put("modelVersion", saved.version());
            summary.put(
                    "modelDirectory",
                    models.store().root().resolve(saved.version()).toString());
            // The service started with recommender.models.directory=DIR serves what the command line saved there.
            boolean activate = bool(options, "activate", true);
            if (activate) {
                models.markActive(saved.version());
            }
            summary.put("activated", activate);
        }
        out.println(JsonMapper.builder().build().writeValueAsString(summary));
        return 0;
    }

    private static String ratingsName(Options options) {
        String name = options.string("ratings", "");
        return options.has("test") ? name + " (tested on " + options.string("test", "") + ")" : name;
    }

    private static boolean bool(Options options, String name, boolean fallback) {
        String text = options.string(name, Boolean.toString(fallback)).strip();
        if (!text.equals("true") && !text.equals("false")) {
            throw new UsageException("--" + name + " must be true or false, got '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    /** Similar movies scored per movie in the co-rating comparison. */
    private static final int SIMILAR_K = 10;

    /** The rating model from its options; the ranker from its own, unless {@code --ranker none} (the default for adam). */
    private static ModelRecipe recipe(Options options, Algorithm algorithm) {
        TrainingParameters rating = parameters(options, TrainingParameters.defaults(algorithm));
        String ranker = options.string("ranker", algorithm == Algorithm.ADAM ? "none" : AlsTrainer.ALGORITHM);
        if (ranker.equals("none")) {
            return new ModelRecipe(rating, null);
        }
        if (!ranker.equals(AlsTrainer.ALGORITHM)) {
            throw new UsageException("--ranker must be " + AlsTrainer.ALGORITHM + " or none, got '" + ranker + "'");
        }
        try {
            return new ModelRecipe(rating, AlsParameters.defaults().with(options.typed(RANKER_OPTIONS)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(asOption(e.getMessage(), RANKER_OPTIONS));
        }
    }

    /** A parameter's message in the words of the command line: {@code factors must ...} becomes {@code --factors must ...}. */
    static String asOption(String message, Map<String, String> options) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (message.startsWith(option.getValue() + " ")) {
                return "--" + option.getKey()
                        + message.substring(option.getValue().length());
            }
        }
        return message;
    }

    /** A file, {@code embedded} (the shipped MovieTweetings snapshot) or {@code synthetic:N} (MovieLens-like, seeded). */
    private static Dataset ratings(String name, ParseMode parseMode, RatingsReader reader) {
        if (name.equals("embedded")) {
            return new DataSourceLoader(new DataProperties(
                            DataProperties.Source.EMBEDDED, null, null, Path.of("data"), parseMode, null, null, null))
                    .load()
                    .ratings();
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

    /** The options that name a rating-model parameter, by parameter name (the rest are kebab-case of it). */
    private static final Map<String, String> RATING_OPTIONS = Map.ofEntries(
            Map.entry("factors", "factors"),
            Map.entry("epochs", "epochs"),
            Map.entry("learning-rate", "learningRate"),
            Map.entry("regularization", "regularization"),
            Map.entry("bias-regularization", "biasRegularization"),
            Map.entry("implicit-rate", "implicitRate"),
            Map.entry("implicit-regularization", "implicitRegularization"),
            Map.entry("decay", "learningRateDecay"),
            Map.entry("init-std", "initStd"),
            Map.entry("batch-size", "batchSize"),
            Map.entry("validation-fraction", "validationFraction"),
            Map.entry("patience", "patience"),
            Map.entry("refit", "refit"),
            Map.entry("seed", "seed"),
            Map.entry("threads", "threads"));

    private static TrainingParameters parameters(Options o, TrainingParameters defaults) {
        try {
            return defaults.with(o.typed(RATING_OPTIONS));
        } catch (IllegalArgumentException e) {
            throw new UsageException(asOption(e.getMessage(), RATING_OPTIONS));
        }
    }
}
