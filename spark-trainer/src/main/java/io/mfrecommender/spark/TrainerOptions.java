package io.mfrecommender.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The job's options, named as the service's {@code train} command names the same things:
 * {@code --ratings PATH --output MODELS_DIR [--factors K] [--regularization λ]
 * [--bias-regularization λ_b] [--iterations N] [--ranker-factors K] [--ranker-regularization λ]
 * [--alpha α] [--holdout SHARE] [--seed S] [--format auto|text|csv|parquet] [--master URL]}.
 *
 * @param ratings              any Hadoop-compatible path: the service's text formats, CSV with named columns, or Parquet
 * @param output               the service's models directory; the version is written under it
 * @param factors              k of the rating model
 * @param regularization       λ of the rating model's ALS (Spark's ALS-WR: scaled by each row's count)
 * @param biasRegularization   λ of the bias pre-step, for item and user biases
 * @param iterations           ALS iterations of both models
 * @param rankerFactors        k of the ranker
 * @param rankerRegularization λ of the ranker (implicit ALS)
 * @param alpha                the ranker's confidence weight: {@code c = 1 + α r}
 * @param holdout              share of the ratings held out to evaluate both models (0: none)
 * @param test                 ratings to evaluate on instead of a held-out share (MovieLens {@code u1.test}); null: none
 * @param seed                 seed of the split and of ALS
 * @param format               how to read {@code ratings}; {@code auto} goes by the name
 * @param master               Spark master when not run by spark-submit (tests: {@code local[2]})
 */
public record TrainerOptions(
        String ratings,
        String output,
        int factors,
        double regularization,
        double biasRegularization,
        int iterations,
        int rankerFactors,
        double rankerRegularization,
        double alpha,
        double holdout,
        String test,
        long seed,
        String format,
        String master) {

    /** A bad option: the job exits with status 2 and this one line. */
    public static final class BadOptionException extends RuntimeException {
        BadOptionException(String message) {
            super(message);
        }
    }

    /** The command line as picocli reads it: types, defaults, required options, usage. */
    @Command(
            name = "spark-submit --class io.mfrecommender.spark.SparkTrainer spark-trainer.jar",
            sortOptions = false,
            description = "Trains a rating model and a ranker with Spark MLlib's ALS and writes a model version "
                    + "the service serves (docs/spark.md).")
    static final class Arguments {
        @Option(names = "--ratings", required = true, paramLabel = "PATH", description = "ratings: the service's text formats, CSV with named columns, or Parquet")
        String ratings;

        @Option(names = "--output", required = true, paramLabel = "MODELS_DIR", description = "the service's models directory")
        String output;

        @Option(names = "--factors", defaultValue = "32", paramLabel = "K", description = "k of the rating model (default ${DEFAULT-VALUE})")
        int factors;

        @Option(names = "--regularization", defaultValue = "0.15", paramLabel = "λ", description = "λ of the rating model's ALS-WR (default ${DEFAULT-VALUE})")
        double regularization;

        @Option(names = "--bias-regularization", defaultValue = "10", paramLabel = "λ_b", description = "λ of the bias pre-step (default ${DEFAULT-VALUE})")
        double biasRegularization;

        @Option(names = "--iterations", defaultValue = "10", paramLabel = "N", description = "ALS iterations of both models (default ${DEFAULT-VALUE})")
        int iterations;

        @Option(names = "--ranker-factors", defaultValue = "32", paramLabel = "K", description = "k of the ranker (default ${DEFAULT-VALUE})")
        int rankerFactors;

        @Option(names = "--ranker-regularization", defaultValue = "0.05", paramLabel = "λ", description = "λ of the ranker's implicit ALS (default ${DEFAULT-VALUE})")
        double rankerRegularization;

        @Option(names = "--alpha", defaultValue = "0.5", paramLabel = "α", description = "the ranker's confidence weight, c = 1 + α r (default ${DEFAULT-VALUE})")
        double alpha;

        @Option(names = "--holdout", paramLabel = "SHARE", description = "share of the ratings held out to evaluate (default 0.1; 0 with --test)")
        Double holdout;

        @Option(names = "--test", paramLabel = "PATH", description = "ratings to evaluate on instead of a held-out share")
        String test;

        @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "seed of the split and of ALS (default ${DEFAULT-VALUE})")
        int seed;

        @Option(names = "--format", defaultValue = "auto", paramLabel = "auto|text|csv|parquet", description = "how to read --ratings; auto goes by the name")
        String format;

        @Option(names = "--master", paramLabel = "URL", description = "Spark master when not run by spark-submit")
        String master;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this usage and exit")
        boolean help;
    }

    /** The usage picocli prints for {@code --help}. */
    public static String usage() {
        return new CommandLine(new Arguments()).getUsageMessage();
    }

    /** Whether {@code args} ask for the usage ({@code --help}, {@code -h}) rather than a run. */
    public static boolean helpRequested(String... args) {
        try {
            return new CommandLine(new Arguments()).parseArgs(args).isUsageHelpRequested();
        } catch (ParameterException e) {
            return false;
        }
    }

    /**
     * The options of a run.
     *
     * @throws BadOptionException naming what is wrong in one line: an unknown or repeated option, a
     *     missing required one, a value of the wrong type or out of range
     */
    public static TrainerOptions parse(String... args) {
        Arguments a = new Arguments();
        try {
            new CommandLine(a).parseArgs(args);
        } catch (ParameterException e) {
            throw new BadOptionException(e.getMessage());
        }
        if (!Set.of("auto", "text", "csv", "parquet").contains(a.format)) {
            throw new BadOptionException("--format must be auto, text, csv or parquet, not '" + a.format + "'");
        }
        return new TrainerOptions(
                a.ratings,
                a.output,
                within("factors", a.factors, 1, 1024),
                within("regularization", a.regularization, 0, 1e6),
                within("bias-regularization", a.biasRegularization, 0, 1e6),
                within("iterations", a.iterations, 1, 1000),
                within("ranker-factors", a.rankerFactors, 1, 1024),
                within("ranker-regularization", a.rankerRegularization, 0, 1e6),
                within("alpha", a.alpha, 0, 1e6),
                a.test != null ? 0 : within("holdout", a.holdout == null ? 0.1 : a.holdout, 0, 0.9),
                a.test,
                within("seed", a.seed, 0, Integer.MAX_VALUE),
                a.format,
                a.master);
    }

    private static int within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadOptionException("--" + name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    private static double within(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new BadOptionException("--" + name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /** Every setting by the name the manifest records it under. */
    Map<String, Object> hyperparameters() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("factors", factors);
        map.put("regularization", regularization);
        map.put("userBiasRegularization", biasRegularization);
        map.put("itemBiasRegularization", biasRegularization);
        map.put("iterations", iterations);
        map.put("holdout", holdout);
        return map;
    }

    Map<String, Object> rankerHyperparameters() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("factors", rankerFactors);
        map.put("regularization", rankerRegularization);
        map.put("alpha", alpha);
        map.put("iterations", iterations);
        return map;
    }
}
