package io.mfrecommender.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} pairs and positional words, with typed, validated accessors. */
final class Options {

    private final Map<String, String> values;
    private final List<String> positional;

    private Options(Map<String, String> values, List<String> positional) {
        this.values = values;
        this.positional = positional;
    }

    static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    values.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    values.put(name, args[++i]);
                } else {
                    values.put(name, "true");
                }
            } else {
                positional.add(arg);
            }
        }
        return new Options(values, positional);
    }

    /** Fails on any option outside {@code known}, so a typo is never silently ignored. */
    Options allow(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name + "; known: --"
                        + String.join(", --", known.stream().sorted().toList()));
            }
        }
        return this;
    }

    List<String> positional() {
        return positional;
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
        return java.util.Arrays.stream(text.split(","))
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
     * anything else as text. The parameters record
     * then refuses what does not fit, naming the parameter.
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
            return java.util.Arrays.stream(text.split(","))
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
