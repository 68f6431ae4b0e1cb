package io.mfrecommender.catalogue;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.data.CatalogReader;
import io.mfrecommender.data.Movie;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bulk catalogue file read and checked line by line, before anything is applied: NDJSON (one
 * {@code {"id": …, "title": …, "year": …, "genres": […], "availableFrom": …, "availableUntil": …}}
 * per line) or CSV with a header naming the columns ({@code id} and {@code title} required; genres
 * separated by {@code |}), told apart by the first line. Every line goes through the same check as
 * {@code PUT /movies/{id}} ({@link CatalogueEntry#from}); a refused line is named by its number and
 * the field at fault. Bounded: at most {@code maxEntries} entries (the lines after are refused as one),
 * lines of at most {@value #MAX_LINE_CHARS} characters (a longer one is refused without being held:
 * an entry is a few hundred), and at most {@value #MAX_REFUSALS} refusals are kept, with the count of
 * the rest.
 */
final class CatalogueBatch {

    static final int MAX_REFUSALS = 100;
    static final int MAX_LINE_CHARS = 65_536;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> CSV_COLUMNS =
            List.of("id", "title", "year", "genres", "availableFrom", "availableUntil");

    /** A line not applied, and why. */
    record Refusal(long line, String field, String problem) {

        String describe() {
            return "line " + line + ": " + problem;
        }
    }

    private final Map<Long, CatalogueEntry> entries = new LinkedHashMap<>();
    private final Map<Long, Long> lineOf = new HashMap<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private long refused;
    private long lines;

    private CatalogueBatch() {}

    /**
     * Reads {@code in} to its end (UTF-8).
     *
     * @throws InvalidParameterException when the file is neither NDJSON nor a CSV with a known header
     */
    static CatalogueBatch read(InputStream in, int maxEntries) {
        CatalogueBatch batch = new CatalogueBatch();
        BufferedReader reader = new BufferedReader(new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)));
        try {
            String line;
            List<String> header = null;
            boolean json = false;
            boolean first = true;
            StringBuilder buffer = new StringBuilder();
            while ((line = readLine(reader, buffer)) != null) {
                batch.lines++;
                if (line == TOO_LONG) {
                    if (first) {
                        throw new InvalidParameterException(
                                "body", "line 1 is longer than " + MAX_LINE_CHARS + " characters");
                    }
                    batch.refuse(new Refusal(
                            batch.lines,
                            "body",
                            "longer than " + MAX_LINE_CHARS + " characters; an entry is a few hundred"));
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (first) {
                    first = false;
                    json = line.strip().startsWith("{");
                    if (!json) {
                        header = header(line);
                        continue;
                    }
                }
                if (batch.entries.size() >= maxEntries) {
                    batch.refuse(new Refusal(
                            batch.lines,
                            "body",
                            "more than " + maxEntries + " entries (recommender.catalogue.max-bulk-entries); "
                                    + "this line and the rest are not read"));
                    break;
                }
                batch.accept(json ? json(line) : csv(header, line));
            }
        } catch (CharacterCodingException e) {
            throw new InvalidParameterException("body", "the file is not UTF-8 text (line " + (batch.lines + 1) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return batch;
    }

    /** What {@link #readLine} returns for a line past {@value #MAX_LINE_CHARS} characters (compared by identity). */
    private static final String TOO_LONG = new String("(too long)");

    /**
     * The next line without its end ({@code \n}, {@code \r\n} or {@code \r}), {@link #TOO_LONG} when it
     * has more than {@value #MAX_LINE_CHARS} characters (read to its end, not kept), null at the end.
     */
    private static String readLine(BufferedReader reader, StringBuilder buffer) throws IOException {
        buffer.setLength(0);
        boolean tooLong = false;
        int c = reader.read();
        if (c < 0) {
            return null;
        }
        while (c >= 0 && c != '\n' && c != '\r') {
            if (buffer.length() < MAX_LINE_CHARS) {
                buffer.append((char) c);
            } else {
                tooLong = true;
            }
            c = reader.read();
        }
        if (c == '\r') {
            reader.mark(1);
            if (reader.read() != '\n') {
                reader.reset();
            }
        }
        return tooLong ? TOO_LONG : buffer.toString();
    }

    private static List<String> header(String line) {
        List<String> columns;
        try {
            columns = CatalogReader.splitCsv(line.strip());
        } catch (IllegalArgumentException e) {
            columns = List.of();
        }
        List<String> names = columns.stream().map(String::strip).toList();
        if (!names.contains("id") || !names.contains("title") || !CSV_COLUMNS.containsAll(names)) {
            throw new InvalidParameterException(
                    "body",
                    "the file must be NDJSON (one {\"id\": …, \"title\": …} per line) or CSV whose header names "
                            + "id, title and any of year, genres, availableFrom, availableUntil; the first line is "
                            + "neither");
        }
        return names;
    }

    /** One parsed line: the movie id and the entry as the single-movie endpoint reads it, or why not. */
    private record Parsed(long id, JsonNode body, Refusal refusal) {}

    private static Parsed json(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            return refusal("body", "not a JSON object");
        }
        if (!(node instanceof ObjectNode object)) {
            return refusal("body", "not a JSON object");
        }
        JsonNode id = object.remove("id");
        if (id == null || !id.isIntegralNumber() || id.asLong() < 1) {
            return refusal("id", "'id' must be a positive whole number");
        }
        return new Parsed(id.asLong(), object, null);
    }

    private static Parsed csv(List<String> header, String line) {
        List<String> fields;
        try {
            fields = CatalogReader.splitCsv(line);
        } catch (IllegalArgumentException e) {
            return refusal("body", e.getMessage());
        }
        if (fields.size() != header.size()) {
            return refusal("body", header.size() + " columns in the header, " + fields.size() + " on this line");
        }
        ObjectNode body = JSON.createObjectNode();
        long id = -1;
        for (int c = 0; c < header.size(); c++) {
            String value = fields.get(c).strip();
            switch (header.get(c)) {
                case "id" -> {
                    try {
                        id = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        id = -1;
                    }
                    if (id < 1) {
                        return refusal("id", "'id' must be a positive whole number");
                    }
                }
                case "year" -> {
                    if (!value.isEmpty()) {
                        try {
                            body.put("year", Integer.parseInt(value));
                        } catch (NumberFormatException e) {
                            body.put("year", value);
                        }
                    }
                }
                case "genres" -> {
                    ArrayNode genres = body.putArray("genres");
                    for (String genre : value.split("\\|")) {
                        if (!genre.isBlank()) {
                            genres.add(genre.strip());
                        }
                    }
                }
                default -> {
                    if (!value.isEmpty()) {
                        body.put(header.get(c), value);
                    }
                }
            }
        }
        return new Parsed(id, body, null);
    }

    private static Parsed refusal(String field, String problem) {
        return new Parsed(-1, null, new Refusal(0, field, problem));
    }

    private void accept(Parsed parsed) {
        if (parsed.refusal() != null) {
            refuse(new Refusal(lines, parsed.refusal().field(), parsed.refusal().problem()));
            return;
        }
        try {
            CatalogueEntry entry = CatalogueEntry.from(parsed.body());
            Long earlier = lineOf.put(parsed.id(), lines);
            if (earlier != null) {
                refuse(new Refusal(lines, "id", "movie " + parsed.id() + " is listed already on line " + earlier));
                return;
            }
            entries.put(parsed.id(), entry);
        } catch (InvalidParameterException e) {
            Object field = e.getBody().getProperties() == null
                    ? null
                    : e.getBody().getProperties().get("parameter");
            refuse(new Refusal(lines, String.valueOf(field), e.getBody().getDetail()));
        }
    }

    private void refuse(Refusal refusal) {
        refused++;
        if (refusals.size() < MAX_REFUSALS) {
            refusals.add(refusal);
        }
    }

    /** The entries that passed, by movie id in file order. */
    Map<Long, CatalogueEntry> entries() {
        return entries;
    }

    /** The first {@value #MAX_REFUSALS} lines refused. */
    List<Refusal> refusals() {
        return refusals;
    }

    /** Every line refused. */
    long refused() {
        return refused;
    }

    /** The movies, their genres as the catalogue spells them. */
    List<Movie> movies(Collection<String> knownGenres) {
        List<Movie> movies = new ArrayList<>(entries.size());
        entries.forEach(
                (id, entry) -> movies.add(entry.withCanonicalGenres(knownGenres).toMovie(id)));
        return movies;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d entries, %d refused", entries.size(), refused);
    }
}
