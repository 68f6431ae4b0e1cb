package io.mfrecommender.catalogue;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.data.Availability;
import io.mfrecommender.data.Movie;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A catalogue entry as {@code PUT /movies/{id}} reads it: {@code {"title": "…", "year": 2026,
 * "genres": ["Drama"], "availableFrom": "2027-01-01T00:00:00Z", "availableUntil": …}}, checked field
 * by field (a 400 names the field). An entry put again is available again unless it says otherwise:
 * putting a retired movie back brings it back, with the factors it always kept.
 *
 * @param year   optional, 1870..2100
 * @param title  1..{@value #MAX_TEXT} characters (code points) of printable text
 * @param genres at most {@value #MAX_GENRES}, each 1..{@value #MAX_TEXT} characters of printable text;
 *               the catalogue's own genres in its spelling whatever the case given
 * @param availableFrom  optional: the first instant (UTC, ISO-8601) the movie may be recommended
 * @param availableUntil optional: the first instant it may no longer be; after {@code availableFrom}
 */
public record CatalogueEntry(
        @Schema(minLength = 1, maxLength = MAX_TEXT, example = "Heat")
        String title,

        @Schema(minimum = "1870", maximum = "2100", example = "1995") @Nullable
        Integer year,

        @ArraySchema(maxItems = MAX_GENRES, schema = @Schema(minLength = 1, maxLength = MAX_TEXT, example = "Crime"))
        @Nullable
        List<String> genres,

        @Schema(
                description = "First instant (UTC) the movie may be recommended; before it, lists and similar "
                        + "movies leave it out",
                example = "2027-01-01T00:00:00Z")
        @Nullable
        Instant availableFrom,

        @Schema(
                description = "First instant (UTC) the movie may no longer be recommended; after availableFrom",
                example = "2027-03-01T00:00:00Z")
        @Nullable
        Instant availableUntil) {

    static final int MAX_TEXT = 200;
    static final int MAX_GENRES = 20;
    private static final Set<String> FIELDS = Set.of("title", "year", "genres", "availableFrom", "availableUntil");
    /** Instants a window may name: years 1870 to 9999, as a reader would write them. */
    private static final Instant EARLIEST = Instant.parse("1870-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    static CatalogueEntry from(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidParameterException(
                    "body", "the body must be an object {\"title\": \"…\", \"year\": 2026, \"genres\": [\"Drama\"]}");
        }
        for (String key : body.propertyNames()) {
            if (!FIELDS.contains(key)) {
                throw new InvalidParameterException(
                        key,
                        "unknown field '" + key + "'; the fields are title, year, genres, availableFrom and "
                                + "availableUntil");
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
        Instant from = instant(body.get("availableFrom"), "availableFrom");
        Instant until = instant(body.get("availableUntil"), "availableUntil");
        if (from != null && until != null && !from.isBefore(until)) {
            throw new InvalidParameterException(
                    "availableUntil", "'availableUntil' (" + until + ") must be after 'availableFrom' (" + from + ")");
        }
        return new CatalogueEntry(title, year, List.copyOf(genres), from, until);
    }

    private static Instant instant(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidParameterException(
                    field, "'" + field + "' must be an ISO-8601 instant in UTC such as \"2027-01-01T00:00:00Z\"");
        }
        try {
            Instant instant = Instant.parse(value.asString().strip());
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new InvalidParameterException(field, "'" + field + "' must fall in the years 1870 to 9999");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(
                    field, "'" + field + "' must be an ISO-8601 instant in UTC such as \"2027-01-01T00:00:00Z\"");
        }
    }

    private static String text(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            throw new InvalidParameterException(field, "'" + field + "' is required");
        }
        if (!value.isString()) {
            throw new InvalidParameterException(field, "'" + field + "' must be a string");
        }
        String text = value.asString().strip();
        // Characters as a reader counts them: an emoji is one, not the two UTF-16 units it takes.
        int characters = text.codePointCount(0, text.length());
        if (characters == 0 || characters > MAX_TEXT) {
            throw new InvalidParameterException(
                    field, "'" + field + "' must hold 1 to " + MAX_TEXT + " characters, got " + characters);
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidParameterException(field, "'" + field + "' must not hold control characters");
        }
        return text;
    }

    /**
     * This entry with its genres spelt as the catalogue spells them ({@code drama} becomes
     * {@code Drama}), so that one genre has one name; a genre the catalogue does not know yet is a new
     * one, kept as written. {@code ?genre=} matches either in any case.
     *
     * @param known the served catalogue's genres
     */
    CatalogueEntry withCanonicalGenres(Collection<String> known) {
        Map<String, String> byKey = new HashMap<>();
        known.forEach(genre -> byKey.put(genre.toLowerCase(Locale.ROOT), genre));
        Set<String> canonical = new LinkedHashSet<>();
        for (String genre : genres) {
            String key = genre.toLowerCase(Locale.ROOT);
            String spelt = byKey.computeIfAbsent(key, k -> genre);
            canonical.add(spelt);
        }
        return new CatalogueEntry(title, year, List.copyOf(canonical), availableFrom, availableUntil);
    }

    Movie toMovie(long id) {
        Availability availability = availableFrom == null && availableUntil == null
                ? Availability.ALWAYS
                : new Availability(false, availableFrom, availableUntil);
        return new Movie(id, title, year, genres, availability);
    }
}
