package io.mfrecommender.ratings;

import io.mfrecommender.api.BatchBody;
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
        List<JsonNode> entries = BatchBody.entries(body, maxBatch, "rating", "{\"movie\": 1, \"rating\": 4}");
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
            long movie = BatchBody.movieId(entry.get("movie"), name + ".movie");
            double rating = number(entry.get("rating"), name + ".rating");
            if (!movies.add(movie)) {
                throw new InvalidParameterException(name + ".movie", "movie " + movie + " appears twice in the batch");
            }
            ratings.add(new NewRating(movie, rating));
        }
        return new RatingBatch(List.copyOf(ratings));
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
