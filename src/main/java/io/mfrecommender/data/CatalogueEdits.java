package io.mfrecommender.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Catalogue entries added or changed through the API, kept in a file of one JSON object per line
 * ({@code {"id":…,"title":…,"year":…,"genres":[…]}}), each forced to disk before it is
 * acknowledged and laid over the loaded catalogue at every activation, the last entry of an id
 * winning. A line a crash cut short is skipped with a warning; the next entry starts on a line of
 * its own ({@link DurableAppend}). Thread-safe.
 */
public final class CatalogueEdits {

    private static final Logger log = LoggerFactory.getLogger(CatalogueEdits.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private volatile Map<Long, Movie> entries;

    public CatalogueEdits(Path file) {
        this.file = file;
    }

    /** No edits, nothing written: for tools and tests that have no catalogue API. */
    public static CatalogueEdits none() {
        return new CatalogueEdits(null);
    }

    /** The entries, read from the file on first use. */
    public Map<Long, Movie> entries() {
        Map<Long, Movie> read = entries;
        if (read == null) {
            synchronized (this) {
                if (entries == null) {
                    entries = Collections.unmodifiableMap(replay());
                }
                read = entries;
            }
        }
        return read;
    }

    /** {@code catalog} with the edits laid over it. */
    public MovieCatalog applyTo(MovieCatalog catalog) {
        Map<Long, Movie> edits = entries();
        if (edits.isEmpty()) {
            return catalog;
        }
        Map<Long, Movie> merged = new LinkedHashMap<>();
        catalog.movies().forEach(movie -> merged.put(movie.id(), movie));
        merged.putAll(edits);
        return new MovieCatalog(merged);
    }

    /**
     * Appends the entry and forces it to disk; afterwards it is part of {@link #entries()}.
     *
     * @throws RatingLog.WriteFailedException when it cannot be written (nothing is then recorded)
     */
    public synchronized void put(Movie movie) {
        if (file == null) {
            throw new IllegalStateException("this service keeps no catalogue edits");
        }
        entries();
        ObjectNode line = JSON.createObjectNode();
        line.put("id", movie.id());
        line.put("title", movie.title());
        if (movie.year() != null) {
            line.put("year", movie.year());
        }
        movie.genres().forEach(line.putArray("genres")::add);
        if (movie.genres().isEmpty()) {
            line.putArray("genres");
        }
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            DurableAppend.append(file, bytes);
        } catch (IOException e) {
            throw new RatingLog.WriteFailedException("could not store the catalogue entry: " + e.getMessage(), e);
        }
        Map<Long, Movie> updated = new LinkedHashMap<>(entries);
        updated.put(movie.id(), movie);
        entries = Collections.unmodifiableMap(updated);
    }

    private Map<Long, Movie> replay() {
        Map<Long, Movie> read = new LinkedHashMap<>();
        if (file == null || !Files.exists(file)) {
            return read;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the catalogue edits " + file.getFileName(), e);
        }
        for (int n = 0; n < lines.size(); n++) {
            String text = lines.get(n);
            if (text.isBlank()) {
                continue;
            }
            try {
                JsonNode line = JSON.readTree(text);
                List<String> genres = new ArrayList<>();
                line.get("genres").forEach(genre -> genres.add(genre.asString()));
                JsonNode year = line.get("year");
                Movie movie = new Movie(
                        line.get("id").asLong(),
                        line.get("title").asString(),
                        year == null || year.isNull() ? null : year.asInt(),
                        genres);
                read.put(movie.id(), movie);
            } catch (RuntimeException e) {
                // Every acknowledged entry was forced to disk whole, so a line that does not read is a
                // write a crash cut short (later appends start on a line of their own): never acknowledged.
                log.warn(
                        "Skipped line {} of the catalogue edits {}: a write cut short ({})",
                        n + 1,
                        file.getFileName(),
                        e.getMessage());
            }
        }
        return read;
    }
}
