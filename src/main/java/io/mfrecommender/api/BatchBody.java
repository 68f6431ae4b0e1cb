package io.mfrecommender.api;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the posted batches ({@code POST /users/{id}/ratings}, {@code /events}) share: one entry or an
 * array of them, at most a bound, and a movie id read strictly. Each problem names what was wrong.
 */
public final class BatchBody {

    private BatchBody() {}

    /**
     * The entries of a body that is one object or an array of them.
     *
     * @param noun    what one entry is ("rating"), as problems name it
     * @param example one entry as JSON, shown when the body is neither
     * @throws InvalidParameterException for another body or an empty array
     * @throws BatchTooLargeException    for more than {@code maxBatch} entries
     */
    public static List<JsonNode> entries(JsonNode body, int maxBatch, String noun, String example) {
        List<JsonNode> entries = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(entries::add);
        } else if (body != null && body.isObject()) {
            entries.add(body);
        } else {
            throw new InvalidParameterException(
                    "body",
                    "the body must be a" + (noun.matches("[aeiou].*") ? "n " : " ") + noun + " " + example
                            + " or an array of them");
        }
        if (entries.isEmpty()) {
            throw new InvalidParameterException("body", "the array holds no " + noun);
        }
        if (entries.size() > maxBatch) {
            throw new BatchTooLargeException(entries.size(), maxBatch, noun + "s");
        }
        return entries;
    }

    /** A movie id: required, a whole number within range; {@code field} names it ({@code ratings[2].movie}). */
    public static long movieId(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            throw new InvalidParameterException(field, "'" + field + "' is required: the movie id, a whole number");
        }
        if (!value.isIntegralNumber()) {
            throw new InvalidParameterException(
                    field,
                    "'" + field + "' must be a whole number (the movie id), got "
                            + (value.isString() ? "a string" : value.toString()));
        }
        if (!value.canConvertToLong()) {
            throw new InvalidParameterException(field, "'" + field + "' is outside the range of movie ids");
        }
        return value.longValue();
    }
}
