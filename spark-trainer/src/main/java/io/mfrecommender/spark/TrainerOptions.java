package io.mfrecommender.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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

    public static final String USAGE = "usage: spark-submit --class io.mfrecommender.spark.SparkTrainer spark-trainer.jar "
            + "--ratings PATH --output MODELS_DIR [--factors 32] [--regularization 0.15] [--bias-regularization 10] "
            + "[--iterations 10] [--ranker-factors 32] [--ranker-regularization 0.05] [--alpha 0.5] [--holdout 0.1 | --test PATH] "
            + "[--seed 42] [--format auto|text|csv|parquet] [--master URL]";

    private static final Set<String> NAMES = Set.of(
            "ratings",
            "output",
            "factors",
            "regularization",
            "bias-regularization",
            "iterations",
            "ranker-factors",
            "ranker-regularization",
            "alpha",
            "holdout",
            "test",
            "seed",
            "format",
            "master");

    /** A bad option: the job exits with status 2 and this one line. */
    public static final class BadOptionException extends RuntimeException {
        BadOptionException(String message) {
            super(message);
        }
    }

    public static TrainerOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new BadOptionException("unexpected argument '" + arg + "'; " + USAGE);
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new BadOptionException("--" + name + " needs a value");
            }
            if (!NAMES.contains(name)) {
                throw new BadOptionException("unknown option --" + name + "; " + USAGE);
            }
            if (values.put(name, value) != null) {
                throw new BadOptionException("--" + name + " is given twice");
            }
        }
        for (String required : new String[] {"ratings", "output"}) {
            if (!values.containsKey(required)) {
                throw new BadOptionException("--" + required + " is required; " + USAGE);
            }
        }
        String format = values.getOrDefault("format", "auto");
        if (!Set.of("auto", "text", "csv", "parquet").contains(format)) {
            throw new BadOptionException("--format must be auto, text, csv or parquet, not '" + format + "'");
        }
        return new TrainerOptions(
                values.get("ratings"),
                values.get("output"),
                integer(values, "factors", 32, 1, 1024),
                decimal(values, "regularization", 0.15, 0, 1e6),
                decimal(values, "bias-regularization", 10, 0, 1e6),
                integer(values, "iterations", 10, 1, 1000),
                integer(values, "ranker-factors", 32, 1, 1024),
                decimal(values, "ranker-regularization", 0.05, 0, 1e6),
                decimal(values, "alpha", 0.5, 0, 1e6),
                values.containsKey("test") ? 0 : decimal(values, "holdout", 0.1, 0, 0.9),
                values.get("test"),
                integer(values, "seed", 42, 0, Integer.MAX_VALUE),
                format,
                values.get("master"));
    }

    private static int integer(Map<String, String> values, String name, int fallback, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                throw new BadOptionException("--" + name + " must be between " + min + " and " + max + ", not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadOptionException("--" + name + " expects a whole number, not '" + text + "'");
        }
    }

    private static double decimal(Map<String, String> values, String name, double fallback, double min, double max) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text.strip());
            if (!(value >= min && value <= max)) {
                throw new BadOptionException("--" + name + " must be between " + min + " and " + max + ", not " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadOptionException("--" + name + " expects a number, not '" + text + "'");
        }
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
