package io.mfrecommender.training;

import io.mfrecommender.text.ClientText;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Changes parameters of a parameters record by name: the record's values, overlaid with the
 * given ones, are bound into a new record whose constructor validates them. Strict on purpose: an
 * unknown name, a string where a number belongs or a fraction where a whole number belongs is
 * refused with the parameter named, never silently trained with a default.
 */
final class ParameterBinding {

    private ParameterBinding() {}

    @SuppressWarnings("unchecked")
    static <R extends Record> R override(R record, Map<String, ?> overrides, String algorithm) {
        if (overrides.isEmpty()) {
            return record;
        }
        Set<String> known = names(record.getClass());
        for (String name : overrides.keySet()) {
            if (!known.contains(name)) {
                throw ParameterException.unknown(
                        ClientText.of(name), algorithm, String.join(", ", new TreeSet<>(known)));
            }
        }
        Map<String, Object> values = values(record);
        values.putAll(overrides);
        try {
            return (R) StrictJson.MAPPER.convertValue(values, record.getClass());
        } catch (DatabindException e) {
            // The record's constructor (or an enum's parser) names what it refused.
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof ParameterException refused) {
                    throw refused;
                }
            }
            if (e instanceof ValueInstantiationException) {
                Throwable cause = e.getCause();
                throw new IllegalArgumentException(
                        cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage(), e);
            }
            // The parameter is the last named step of the path: a list's element has an index, not a name.
            String name = e.getPath().stream()
                    .map(JacksonException.Reference::getPropertyName)
                    .filter(Objects::nonNull)
                    .reduce((first, second) -> second)
                    .orElse("a parameter");
            throw new ParameterException(
                    name, "expects " + expected(record.getClass(), name) + ", got " + describe(overrides.get(name)), e);
        }
    }

    private static String expected(Class<?> type, String name) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals(name)) {
                Class<?> t = component.getType();
                return t == int.class || t == long.class
                        ? "a whole number"
                        : t == boolean.class
                                ? "true or false"
                                : t == double.class
                                        ? "a number"
                                        : List.class.isAssignableFrom(t)
                                                ? "a number, or several separated by commas"
                                                : "a value of another kind";
            }
        }
        return "another value";
    }

    private static String describe(Object value) {
        return value instanceof String text ? ClientText.quote(text) : ClientText.of(value);
    }

    /** By name, as JSON would hold them (an enum by its name), so a manifest reads the same before and after a save. */
    static Map<String, Object> asMap(String algorithm, Record record) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("algorithm", algorithm);
        values(record).forEach((name, value) -> map.put(name, value instanceof Enum<?> e ? e.toString() : value));
        return map;
    }

    static Set<String> names(Class<?> type) {
        Set<String> result = new LinkedHashSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            result.add(component.getName());
        }
        return result;
    }

    private static Map<String, Object> values(Record record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                values.put(component.getName(), component.getAccessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName(), e);
            }
        }
        return values;
    }

    static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(name, "must be between " + min + " and " + max + ", got " + value);
        }
    }

    static void requirePositive(String name, double value, double max) {
        if (!(value > 0 && value <= max)) {
            throw new ParameterException(
                    name,
                    "must be a number in (0, "
                            + BigDecimal.valueOf(max).stripTrailingZeros().toPlainString() + "], got "
                            + value);
        }
    }

    static void requireNonNegative(String name, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new ParameterException(name, "must be a finite number >= 0, got " + value);
        }
    }

    static void requireValidationFraction(double value) {
        if (!(value >= 0 && value < 0.5)) {
            throw new ParameterException("validationFraction", "must be in [0, 0.5), got " + value);
        }
    }

    /** Half the maximum heap: what training arrays may take. */
    static void requireHeap(long bytes, int users, int items, int factors) {
        long budget = (long) (Runtime.getRuntime().maxMemory() * 0.5);
        if (bytes > budget) {
            throw new IllegalArgumentException(String.format(
                    "%d users and %d items at k=%d need about %d MB for training, more than the %d MB allowed "
                            + "(half the maximum heap); lower factors or raise -Xmx",
                    users, items, factors, bytes >> 20, budget >> 20));
        }
    }
}
