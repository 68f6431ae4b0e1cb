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
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.SgdParameters;
import io.mfrecommender.training.Trainer;
import io.mfrecommender.training.TrainingListener;
import io.mfrecommender.training.TrainingParameters;
import io.mfrecommender.training.TrainingResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
                         [--split random:0.9|per-user:0.1|temporal:5] [--seed S] [--threads T]
                         [--ranking-k K] [--output MODELS_DIR] [--parse-mode lenient|strict]""";
    private static final Set<String> OPTIONS = Set.of("ratings", "test", "algorithm", "factors", "epochs",
            "learning-rate", "regularization", "bias-regularization", "implicit-rate",
            "implicit-regularization", "decay", "init-std", "batch-size",
            "validation-fraction", "patience", "refit", "split", "seed", "threads", "ranking-k", "output", "parse-mode");

    private final PrintStream out;

    TrainCommand(PrintStream out) {
        this.out = out;
    }

    int run(Options options) {
        options.allow(OPTIONS);
        if (!options.has("ratings")) {
            throw new UsageException("--ratings is required\n" + USAGE);
        }
        Algorithm algorithm;
        try {
            algorithm = Algorithm.parse(options.string("algorithm", "sgd"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        TrainingParameters parameters = parameters(options, TrainingParameters.defaults(algorithm));
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
                strategy = SplitStrategy.parse(options.string("split", algorithm == Algorithm.ADAM ? "random:0.7" : "random:0.9"));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            Split split = strategy.apply(ratings, parameters.seed());
            train = split.train();
            test = split.test();
            splitName = strategy.toString();
        }

        TrainingListener progress = report -> out.printf(Locale.ROOT, "%s %3d/%d  train-rmse %.4f%s  lr %.5f  %.2f ms%n",
                report.refit() ? "refit" : "epoch", report.epoch(), parameters.epochs(), report.trainRmse(),
                Double.isNaN(report.validationRmse()) ? "" : String.format(Locale.ROOT,
                        "  validation-rmse %.4f  validation-mae %.4f", report.validationRmse(), report.validationMae()),
                report.learningRate(), report.seconds() * 1e3);
        TrainingResult result = Trainer.forAlgorithm(algorithm).train(train, parameters, progress, () -> false);
        Evaluation evaluation = Evaluator.accuracy(result.model(), test);
        if (options.has("ranking-k")) {
            int k = options.integer("ranking-k", 10, 1, 1000);
            evaluation = evaluation.withRanking(Evaluator.ranking(result.model(), train, test, k));
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
        summary.putAll(evaluation.asMap());
        summary.put("trainSeconds", result.trainSeconds());
        summary.put("nsPerRatingUpdate", result.nanosPerRatingUpdate());
        summary.put("threads", parameters.threads());
        summary.put("seed", parameters.seed());
        if (options.has("output")) {
            ModelStore store = new ModelStore(Path.of(options.string("output", "")));
            FactorModel saved = store.save(result.model().withManifest(
                    result.model().manifest().withEvaluation(evaluation.asMap())));
            summary.put("modelVersion", saved.version());
            summary.put("modelDirectory", store.root().resolve(saved.version()).toString());
        }
        out.println(JsonMapper.builder().build().writeValueAsString(summary));
        return 0;
    }

    /** A parameter's message in the words of the command line: {@code factors must ...} becomes {@code --factors must ...}. */
    static String asOption(String message, Map<String, String> options) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (message.startsWith(option.getValue() + " ")) {
                return "--" + option.getKey() + message.substring(option.getValue().length());
            }
        }
        return message;
    }

    /** A file, {@code embedded} (the shipped MovieTweetings snapshot) or {@code synthetic:N} (MovieLens-like, seeded). */
    private static Dataset ratings(String name, ParseMode parseMode, RatingsReader reader) {
        if (name.equals("embedded")) {
            return new DataSourceLoader(new DataProperties(DataProperties.Source.EMBEDDED, null, null, Path.of("data"),
                    parseMode, null, null, null)).load().ratings();
        }
        if (name.startsWith("synthetic:")) {
            try {
                return SyntheticRatings.movieLensLike(Integer.parseInt(name.substring("synthetic:".length())), 42).generate();
            } catch (IllegalArgumentException e) {
                throw new UsageException("--ratings synthetic:N needs a number of ratings up to about 11 million, got " + name);
            }
        }
        return reader.read(Path.of(name)).dataset();
    }

    /** The options that name a rating-model parameter, by parameter name (the rest are kebab-case of it). */
    private static final Map<String, String> RATING_OPTIONS = Map.ofEntries(
            Map.entry("factors", "factors"), Map.entry("epochs", "epochs"), Map.entry("learning-rate", "learningRate"),
            Map.entry("regularization", "regularization"), Map.entry("bias-regularization", "biasRegularization"),
            Map.entry("implicit-rate", "implicitRate"), Map.entry("implicit-regularization", "implicitRegularization"),
            Map.entry("decay", "learningRateDecay"), Map.entry("init-std", "initStd"),
            Map.entry("batch-size", "batchSize"), Map.entry("validation-fraction", "validationFraction"),
            Map.entry("patience", "patience"), Map.entry("refit", "refit"), Map.entry("seed", "seed"),
            Map.entry("threads", "threads"));

    private static TrainingParameters parameters(Options o, TrainingParameters defaults) {
        try {
            return defaults.with(o.typed(RATING_OPTIONS));
        } catch (IllegalArgumentException e) {
            throw new UsageException(asOption(e.getMessage(), RATING_OPTIONS));
        }
    }
}
