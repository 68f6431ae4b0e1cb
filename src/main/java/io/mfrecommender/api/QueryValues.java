package io.mfrecommender.api;

import java.util.regex.Pattern;

/**
 * Query parameters written one way only: a number is an optional minus and ASCII digits (a
 * fraction may follow where the parameter takes one), a boolean {@code true} or {@code false}.
 * Spring's defaults also read {@code 0x10} as 16, {@code +5} as 5, other scripts' digits as
 * numbers and {@code yes} as true; the service's binding and its own readers use these instead.
 */
public final class QueryValues {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,19}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}(\\.[0-9]{1,19})?");

    private QueryValues() {}

    /** @throws IllegalArgumentException when {@code text} is not a whole number in decimal digits */
    public static long wholeNumber(String text) {
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("not a whole number in decimal digits: " + text);
        }
        return Long.parseLong(text);
    }

    /** @throws IllegalArgumentException when {@code text} is not a whole number within an int */
    public static int intNumber(String text) {
        long value = wholeNumber(text);
        if (value != (int) value) {
            throw new IllegalArgumentException("outside the range of an int: " + text);
        }
        return (int) value;
    }

    /** @throws IllegalArgumentException when {@code text} is not a decimal number such as {@code 0.5} */
    public static double decimal(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not a decimal number: " + text);
        }
        return Double.parseDouble(text);
    }

    /** @throws IllegalArgumentException when {@code text} is neither {@code true} nor {@code false} */
    public static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false: " + text);
        };
    }
}
