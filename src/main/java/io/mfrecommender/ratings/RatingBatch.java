package io.mfrecommender.ratings;

import io.mfrecommender.api.BatchTooLargeException;
import io.mfrecommender.api.InvalidParameterException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /users/{id}/ratings}, read strictly: one {@code {"movie": 1, "rating": 4}}
 * or an array of them. A missing or unknown field, a string or fraction for the movie id, a
 * non-number rating or the same movie twice is a 400 naming the entry ({@code ratings[2].rating});
 * the scale and the movie's existence are checked against the served model by {@link RatingsService}.
 */
public record RatingBatch(List<NewRating> ratings) {

    /** One posted rating, as read. */
    public record NewRating(long movie, double rating) {}

    static RatingBatch from(JsonNode body, int maxBatch) {
        List<JsonNode> entries = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(entries::add);
        } else if (body != null && body.isObject()) {
            entries.add(body);
        } else {
            throw new InvalidParameterException(
                    "body", "the body must be a rating {\"movie\": 1, \"rating\": 4} " + "or an array of them");
        }
        if (entries.isEmpty()) {
            throw new InvalidParameterException("body", "the array holds no rating");
        }
        if (entries.size() > maxBatch) {
            throw new BatchTooLargeException(entries.size(), maxBatch, "ratings");
        }
        List<NewRating> ratings = new ArrayList<>(entries.size());
        Set<Long> movies = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String name = "ratings[" + i + "]";
            JsonNode entry = entries.get(i);
            if (!entry.isObject()) {
                throw new InvalidParameterException(
                        name, name + " must be an object {\"movie\": id, \"rating\": value}");
            }
            for (String key : entry.propertyNames()) {
                if (!"movie".equals(key) && !"rating".equals(key)) {
                    throw new InvalidParameterException(
                            name + "." + key,
                            "unknown field '" + key + "' in " + name + "; the fields are movie and rating");
                }
            }
            long movie = wholeNumber(entry.get("movie"), name + ".movie");
            double rating = number(entry.get("rating"), name + ".rating");
            if (!movies.add(movie)) {
                throw new InvalidParameterException(name + ".movie", "movie " + movie + " appears twice in the batch");
            }
            ratings.add(new NewRating(movie, rating));
        }
        return new RatingBatch(List.copyOf(ratings));
    }

    private static long wholeNumber(JsonNode value, String field) {
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

    private static double number(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            throw new InvalidParameterException(field, "'" + field + "' is required: the rating, a number");
        }
        if (!value.isNumber()) {
            throw new InvalidParameterException(
                    field,
                    "'" + field + "' must be a number, got " + (value.isString() ? "a string" : value.toString()));
        }
        double rating = value.doubleValue();
        if (!Double.isFinite(rating)) {
            throw new InvalidParameterException(field, "'" + field + "' must be a finite number");
        }
        return rating;
    }
}
