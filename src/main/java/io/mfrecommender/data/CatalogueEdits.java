package io.mfrecommender.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Catalogue entries added, changed or retired through the API, kept in a file of one JSON object per
 * line ({@code {"id":…,"title":…,"year":…,"genres":[…]}}, with {@code "retired":true},
 * {@code "availableFrom"} and {@code "availableUntil"} (ISO-8601 instants) when set), each forced to disk before it is
 * acknowledged and laid over the loaded catalogue at every activation, the last entry of an id
 * winning. A line a crash cut short is skipped with a warning; the next entry starts on a line of
 * its own ({@link DurableAppend}). Thread-safe.
 *
 * <p>The edits are compacted as the rating journal is: once their lines hold more than twice as many
 * entries as there are distinct movies (and at least {@value #COMPACT_FROM}; a bulk load's line
 * counts its entries), the file is rewritten with one line per entry, aside and renamed into place,
 * and the shared log has its lines replaced by the entries in one transaction
 * ({@link SharedCatalogueLog#compact}), so that editing or loading the same movies again and again
 * grows neither, nor the replay at every activation and restart. A compaction that fails, or finds
 * another replica's edit after what it read, leaves the edits as they were (whole, and still right)
 * and is tried again with a later edit.
 */
public final class CatalogueEdits {

    private static final Logger log = LoggerFactory.getLogger(CatalogueEdits.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The file's name in the data directory, where the service and {@code catalogue import} keep it. */
    public static final String FILE_NAME = "catalogue-edits.jsonl";

    /** Fewer entries than this are never compacted: rewriting a small file saves nothing. */
    static final int COMPACT_FROM = 1000;

    private final Path file;
    /** With replicas sharing a database: the log every edit goes to instead of the file. */
    private final SharedCatalogueLog shared;
    /** Position of the last shared line read. */
    private long position;

    private volatile Map<Long, Movie> entries;
    /** Lines in the file now, entries and lines a crash cut short alike. */
    private volatile long lines;
    /** Entries the stored lines hold (a bulk load's line counts each), read or written since the last compaction. */
    private long written;
    /** Most entries one line of a compacted shared log holds. */
    static final int COMPACTED_LINE = 1_000;

    public CatalogueEdits(Path file) {
        this.file = file;
        this.shared = null;
    }

    /** Edits kept in a log every replica shares ({@code recommender.ratings.store: postgres}). */
    public CatalogueEdits(SharedCatalogueLog shared) {
        this.file = null;
        this.shared = shared;
    }

    /** Whether other instances write these edits too, so {@link #catchUp} can find new ones. */
    public boolean shared() {
        return shared != null;
    }

    /**
     * Reads what other replicas appended since the last read and lays it over the entries.
     *
     * @return the ids of the movies whose entries changed (empty without a shared log)
     */
    public synchronized List<Long> catchUp() {
        if (shared == null) {
            return List.of();
        }
        entries();
        Map<Long, Movie> before = entries;
        Map<Long, Movie> updated = new LinkedHashMap<>(before);
        Set<Long> touched = readShared(updated);
        if (touched.isEmpty()) {
            return List.of();
        }
        entries = Collections.unmodifiableMap(updated);
        // Changed from what was served: a replica's own edits read back change nothing.
        return touched.stream()
                .filter(id -> !updated.get(id).equals(before.get(id)))
                .toList();
    }

    /** No edits, nothing written: for tools and tests that have no catalogue API. */
    public static CatalogueEdits none() {
        return new CatalogueEdits((Path) null);
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
     * @throws WriteFailedException when it cannot be written (nothing is then recorded)
     */
    public synchronized void put(Movie movie) {
        entries();
        store(line(movie), "the catalogue entry");
        remember(List.of(movie));
    }

    /**
     * Appends every entry as one line ({@code {"entries":[…]}}) forced to disk once: a crash keeps all
     * of them or, the line cut short, none (it was never acknowledged). Afterwards they are all part
     * of {@link #entries()}.
     *
     * @throws WriteFailedException when they cannot be written (nothing is then recorded)
     */
    public synchronized void putAll(List<Movie> movies) {
        entries();
        store((bulkLine(movies) + "\n").getBytes(StandardCharsets.UTF_8), "the catalogue entries");
        remember(movies);
    }

    /** Stored movies laid over the entries; compacted once the lines hold twice as many entries. */
    private void remember(List<Movie> movies) {
        Map<Long, Movie> updated = new LinkedHashMap<>(entries);
        movies.forEach(movie -> updated.put(movie.id(), movie));
        entries = Collections.unmodifiableMap(updated);
        written += movies.size();
        if (written >= COMPACT_FROM && written > 2L * updated.size()) {
            if (shared != null) {
                compactShared(updated);
            } else if (file != null) {
                compact(updated);
            }
        }
    }

    /**
     * One line, forced to disk (or committed to the shared log) before this returns.
     *
     * @throws WriteFailedException when it cannot be (nothing is then recorded)
     */
    private void store(byte[] line, String what) {
        if (shared != null) {
            try {
                long appended = shared.append(new String(line, StandardCharsets.UTF_8).strip());
                if (appended == position + 1) {
                    position = appended; // nothing of another replica's in between: no need to read it back
                }
            } catch (RuntimeException e) {
                throw new WriteFailedException(
                        "could not store " + what + " in " + shared.describe(), new IOException(e.getMessage(), e));
            }
            return;
        }
        if (file == null) {
            throw new IllegalStateException("this service keeps no catalogue edits");
        }
        try {
            DurableAppend.append(file, line);
        } catch (IOException e) {
            throw new WriteFailedException("could not store " + what + ": " + e.getMessage(), e);
        }
        lines++;
    }

    /** Lines in the file now: at most about twice the entries, or {@value #COMPACT_FROM}. */
    public long lines() {
        entries();
        return lines;
    }

    private void compact(Map<Long, Movie> current) {
        try {
            DurableFiles.replace(file, out -> {
                for (Movie movie : current.values()) {
                    out.write(line(movie));
                }
            });
            log.info("Compacted the catalogue edits from {} lines to {}", lines, current.size());
            lines = current.size();
            written = current.size();
        } catch (IOException e) {
            log.warn("Could not compact the catalogue edits (kept as they are): {}", e.toString());
        }
    }

    /** The shared log's lines up to {@link #position} replaced by {@code current}, when nothing came after. */
    private void compactShared(Map<Long, Movie> current) {
        List<String> compacted = new ArrayList<>();
        List<Movie> movies = List.copyOf(current.values());
        for (int from = 0; from < movies.size(); from += COMPACTED_LINE) {
            compacted.add(bulkLine(movies.subList(from, Math.min(movies.size(), from + COMPACTED_LINE))));
        }
        try {
            long last = shared.compact(compacted, position);
            if (last > 0) {
                log.info("Compacted the shared catalogue edits from {} entries to {}", written, current.size());
                position = last;
                written = current.size();
            }
        } catch (RuntimeException e) {
            log.warn("Could not compact the shared catalogue edits (kept as they are): {}", e.toString());
        }
    }

    /** One line holding {@code movies}: {@code {"entries": […]}}, without its end. */
    private static String bulkLine(List<Movie> movies) {
        ObjectNode line = JSON.createObjectNode();
        ArrayNode array = line.putArray("entries");
        movies.forEach(movie -> array.add(node(movie)));
        return JSON.writeValueAsString(line);
    }

    private static byte[] line(Movie movie) {
        return (JSON.writeValueAsString(node(movie)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode node(Movie movie) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", movie.id());
        line.put("title", movie.title());
        if (movie.year() != null) {
            line.put("year", movie.year());
        }
        ArrayNode genres = line.putArray("genres");
        movie.genres().forEach(genres::add);
        Availability availability = movie.availability();
        if (availability.retired()) {
            line.put("retired", true);
        }
        if (availability.from() != null) {
            line.put("availableFrom", availability.from().toString());
        }
        if (availability.until() != null) {
            line.put("availableUntil", availability.until().toString());
        }
        return line;
    }

    /**
     * Lays every shared line after {@link #position} over {@code into}, page after page to the end
     * of the log, and moves the position past them.
     *
     * @return the ids the lines named
     */
    private Set<Long> readShared(Map<Long, Movie> into) {
        Set<Long> touched = new LinkedHashSet<>();
        for (List<SharedCatalogueLog.Line> page = shared.after(position);
                !page.isEmpty();
                page = shared.after(position)) {
            for (SharedCatalogueLog.Line line : page) {
                for (Movie movie : parse(line.text(), line.position())) {
                    into.put(movie.id(), movie);
                    touched.add(movie.id());
                    written++;
                }
                position = line.position();
            }
        }
        return touched;
    }

    /** The movies of one shared line; none when it does not read (logged: it was written by a newer release?). */
    private static List<Movie> parse(String text, long position) {
        try {
            return movies(text);
        } catch (RuntimeException e) {
            log.warn("Skipped catalogue edit {} of the shared log: it does not read ({})", position, e.getMessage());
            return List.of();
        }
    }

    /** The movies of one line: one entry, or a bulk load's {@code {"entries": […]}}; throws when it does not read. */
    private static List<Movie> movies(String text) {
        JsonNode line = JSON.readTree(text);
        List<Movie> movies = new ArrayList<>();
        if (line.has("entries")) {
            line.get("entries").forEach(entry -> movies.add(movie(entry)));
        } else {
            movies.add(movie(line));
        }
        return movies;
    }

    private static Movie movie(JsonNode line) {
        List<String> genres = new ArrayList<>();
        line.get("genres").forEach(genre -> genres.add(genre.asString()));
        JsonNode year = line.get("year");
        JsonNode title = line.get("title");
        return new Movie(
                line.get("id").asLong(),
                title == null || title.isNull() ? null : title.asString(),
                year == null || year.isNull() ? null : year.asInt(),
                genres,
                new Availability(
                        line.path("retired").asBoolean(false),
                        instant(line.get("availableFrom")),
                        instant(line.get("availableUntil"))));
    }

    private static Instant instant(JsonNode value) {
        return value == null || value.isNull() ? null : Instant.parse(value.asString());
    }

    private Map<Long, Movie> replay() {
        Map<Long, Movie> read = new LinkedHashMap<>();
        if (shared != null) {
            readShared(read);
            return read;
        }
        if (file == null || !Files.exists(file)) {
            return read;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the catalogue edits " + file.getFileName(), e);
        }
        this.lines = lines.size();
        for (int n = 0; n < lines.size(); n++) {
            String text = lines.get(n);
            if (text.isBlank()) {
                continue;
            }
            try {
                for (Movie movie : movies(text)) {
                    read.put(movie.id(), movie);
                    written++;
                }
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
