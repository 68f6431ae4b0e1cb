package io.mfrecommender.cli;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * One command's options as picocli matched them ({@code --name value}, {@code --name=value}, or
 * {@code --name} alone for {@code true}), with typed, validated accessors: the ranges and formats
 * are the command's, the syntax, unknown options and usage are picocli's.
 */
final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * A command's spec for picocli: {@code --help}, and each of {@code options} taking one value
     * ({@code true} when given alone); {@code synopsis} is the usage's first lines.
     */
    static CommandSpec spec(String name, String synopsis, Collection<String> options) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage()
                .width(120)
                .longOptionsMaxWidth(40)
                .customSynopsis(synopsisLines(synopsis))
                .footer("docs/commands.md describes every option.");
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("print this usage and exit")
                .build());
        for (String option : new TreeSet<>(options)) {
            spec.addOption(OptionSpec.builder("--" + option)
                    .type(String.class)
                    .arity("0..1")
                    .fallbackValue("true")
                    .paramLabel("VALUE")
                    .build());
        }
        return spec;
    }

    /** A hand-written synopsis as picocli prints it after its own "Usage: ". */
    static String[] synopsisLines(String synopsis) {
        return synopsis.replaceFirst("^usage: ", "")
                .lines()
                .map(line -> line.replaceFirst("^       ", ""))
                .toArray(String[]::new);
    }

    /** The options picocli matched for one command. */
    static Options of(ParseResult parsed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            if (!option.usageHelp()) {
                values.put(option.longestName().substring(2), option.getValue());
            }
        }
        return new Options(values);
    }

    /**
     * Narrows the accepted options to {@code allowed}, for a command whose options depend on one of
     * them ({@code import --pth}, {@code benchmark serving --items}).
     */
    Options allow(Set<String> allowed) {
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw new UsageException(
                        "unknown option --" + name + " here; known: --" + String.join(", --", new TreeSet<>(allowed)));
            }
        }
        return this;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback, int min, int max) {
        String text = values.get(name);
        return text == null ? fallback : parseInteger(name, text, min, max);
    }

    /** A comma-separated list of whole numbers, each within the bounds; {@code fallback} alone when absent. */
    int[] integers(String name, int fallback, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return new int[] {fallback};
        }
        return Arrays.stream(text.split(","))
                .mapToInt(value -> parseInteger(name, value, min, max))
                .toArray();
    }

    private static int parseInteger(String name, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.strip().replace("_", ""));
            if (value < min || value > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a whole number, got '" + text + "'");
        }
    }

    /** {@code --name true|false}. */
    boolean bool(String name, boolean fallback) {
        String text = values.getOrDefault(name, Boolean.toString(fallback)).strip();
        if (!text.equals("true") && !text.equals("false")) {
            throw new UsageException("--" + name + " must be true or false, got '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    long longValue(String name, long fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a whole number, got '" + text + "'");
        }
    }

    double decimal(String name, double fallback, double min, double max) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text.strip());
            if (!(value >= min && value <= max)) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a number, got '" + text + "'");
        }
    }

    /**
     * The given options among {@code names} (option → parameter name), with their values typed as
     * JSON would type them: whole numbers as {@code Long}, other numbers as {@code Double},
     * {@code true}/{@code false} as {@code Boolean}, a comma-separated list as a list of those,
     * anything else as text. The parameters record then refuses what does not fit, naming the
     * parameter.
     */
    Map<String, Object> typed(Map<String, String> names) {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : values.entrySet()) {
            String parameter = names.get(option.getKey());
            if (parameter != null) {
                typed.put(parameter, typedValue(option.getValue().strip()));
            }
        }
        return typed;
    }

    private static Object typedValue(String text) {
        if (text.contains(",")) {
            return Arrays.stream(text.split(","))
                    .map(String::strip)
                    .map(Options::typedValue)
                    .toList();
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        if (text.matches("[+-]?\\d[\\d_]*")) {
            try {
                return Long.parseLong(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return text;
            }
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
