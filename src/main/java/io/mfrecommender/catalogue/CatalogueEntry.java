package io.mfrecommender.catalogue;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.data.Movie;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A catalogue entry as {@code PUT /movies/{id}} reads it: {@code {"title": "…", "year": 2026,
 * "genres": ["Drama"]}}, checked field by field (a 400 names the field).
 *
 * @param year   optional, 1870..2100
 * @param genres at most {@value #MAX_GENRES}, each 1..{@value #MAX_TEXT} characters of printable text
 */
public record CatalogueEntry(String title, Integer year, List<String> genres) {

    static final int MAX_TEXT = 200;
    static final int MAX_GENRES = 20;

    static CatalogueEntry from(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidParameterException(
                    "body", "the body must be an object {\"title\": \"…\", \"year\": 2026, \"genres\": [\"Drama\"]}");
        }
        for (String key : body.propertyNames()) {
            if (!Set.of("title", "year", "genres").contains(key)) {
                throw new InvalidParameterException(
                        key, "unknown field '" + key + "'; the fields are title, year and genres");
            }
        }
        String title = text(body.get("title"), "title");
        Integer year = null;
        JsonNode yearNode = body.get("year");
        if (yearNode != null && !yearNode.isNull()) {
            if (!yearNode.isIntegralNumber() || yearNode.asLong() < 1870 || yearNode.asLong() > 2100) {
                throw new InvalidParameterException("year", "'year' must be a whole number from 1870 to 2100");
            }
            year = yearNode.asInt();
        }
        List<String> genres = new ArrayList<>();
        JsonNode genreNodes = body.get("genres");
        if (genreNodes != null && !genreNodes.isNull()) {
            if (!genreNodes.isArray()) {
                throw new InvalidParameterException("genres", "'genres' must be an array of names");
            }
            if (genreNodes.size() > MAX_GENRES) {
                throw new InvalidParameterException(
                        "genres", "'genres' holds at most " + MAX_GENRES + " names, got " + genreNodes.size());
            }
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < genreNodes.size(); i++) {
                seen.add(text(genreNodes.get(i), "genres[" + i + "]"));
            }
            genres.addAll(seen);
        }
        return new CatalogueEntry(title, year, List.copyOf(genres));
    }

    private static String text(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            throw new InvalidParameterException(field, "'" + field + "' is required");
        }
        if (!value.isString()) {
            throw new InvalidParameterException(field, "'" + field + "' must be a string");
        }
        String text = value.asString().strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw new InvalidParameterException(
                    field, "'" + field + "' must hold 1 to " + MAX_TEXT + " characters, got " + text.length());
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidParameterException(field, "'" + field + "' must not hold control characters");
        }
        return text;
    }

    Movie toMovie(long id) {
        return new Movie(id, title, year, genres);
    }
}
