package io.mfrecommender.experiments;

import io.mfrecommender.data.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The experiments' records under {@code <models>/experiments/}: {@code <name>.json}, each replaced
 * durably (written aside, forced, renamed). A record that cannot be read is never skipped in
 * silence nor overwritten: the owner moves it aside to {@code <name>.json.damaged} (the only copy of
 * its figures, kept for an operator), and its name stays taken; a read-only replica leaves it where
 * it is. Either way it is reported ({@link #damaged}), in {@code GET /experiments} and in health.
 */
final class ExperimentRecords {

    private static final Logger log = LoggerFactory.getLogger(ExperimentRecords.class);
    private static final String SUFFIX = ".json";
    private static final String DAMAGED = ".json.damaged";

    /**
     * An experiment's record on disk: its definition and each variant's figures.
     *
     * @param figures by variant: lists, hits, the users shown a list and the users with a hit
     */
    record Stored(Experiment experiment, Map<String, StoredTally> figures) {}

    record StoredTally(long lists, long hits, long[] users, long[] usersWithHit) {}

    /** A record that could not be read: its experiment's name and why. */
    record Damaged(String name, String reason) {}

    private final Path directory;
    private final boolean writable;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** What {@link #readChanged} last saw of each record: its identity, modification time and size. */
    private final Map<Path, List<Object>> seen = new HashMap<>();
    /** Damaged records by name. Guarded by {@code this}. */
    private final Map<String, Damaged> damaged = new HashMap<>();

    /** @param writable whether this instance owns the directory (moves damaged records aside) */
    ExperimentRecords(Path directory, boolean writable) {
        this.directory = directory;
        this.writable = writable;
    }

    /**
     * {@code stored}, written and forced beside its record: in place once committed, so that a change
     * is recorded exactly when it takes effect. Nothing changes on disk when it fails.
     */
    DurableFiles.Staged stage(Stored stored) throws IOException {
        return DurableFiles.stage(fileOf(stored.experiment().name()), json.writeValueAsBytes(stored));
    }

    /** Every readable record; damaged ones are set aside and reported. */
    List<Stored> readAll() {
        scanDamaged();
        return read(file -> true);
    }

    /**
     * The readable records the owner replaced since the last call (a replica polling every second
     * parses a record only when it changed: a record holds the ids of every exposed user). A
     * replacement is a new file, so its identity, time or size moves.
     */
    List<Stored> readChanged() {
        return read(this::changedSinceSeen);
    }

    /** The damaged records, by name. */
    synchronized List<Damaged> damaged() {
        return List.copyOf(damaged.values());
    }

    synchronized boolean isDamaged(String name) {
        return damaged.containsKey(name);
    }

    private Path fileOf(String name) {
        return directory.resolve(name + SUFFIX);
    }

    private synchronized void scanDamaged() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(DAMAGED) && !name.startsWith("."))
                    .forEach(name -> {
                        String experiment = name.substring(0, name.length() - DAMAGED.length());
                        damaged.putIfAbsent(experiment, new Damaged(experiment, "set aside earlier as unreadable"));
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("could not list experiment records", e);
        }
    }

    private List<Stored> read(Predicate<Path> wanted) {
        List<Stored> records = new ArrayList<>();
        try {
            for (Path file : DurableFiles.records(directory, SUFFIX)) {
                if (!wanted.test(file)) {
                    continue;
                }
                String name = file.getFileName().toString();
                name = name.substring(0, name.length() - SUFFIX.length());
                try {
                    Stored stored = json.readValue(file.toFile(), Stored.class);
                    if (stored.experiment() == null
                            || !name.equals(stored.experiment().name())) {
                        throw new IllegalStateException("it does not hold the experiment its name says");
                    }
                    records.add(stored);
                } catch (RuntimeException e) {
                    // Never the parser's message: it may name the file's path.
                    setAside(
                            file,
                            name,
                            e instanceof IllegalStateException
                                    ? e.getMessage()
                                    : "not a valid record: " + e.getClass().getSimpleName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list experiment records", e);
        }
        return records;
    }

    private synchronized void setAside(Path file, String name, String why) {
        String reason = "the record cannot be read (" + why + ")";
        if (writable) {
            try {
                Files.move(file, directory.resolve(name + DAMAGED), StandardCopyOption.REPLACE_EXISTING);
                reason += "; kept as " + name + DAMAGED;
            } catch (IOException e) {
                reason += "; it could not be moved aside: " + e.getClass().getSimpleName();
            }
        }
        if (damaged.put(name, new Damaged(name, reason)) == null) {
            log.error("Experiment {}: {}. Its name stays taken; its split is not served", name, reason);
        }
    }

    private boolean changedSinceSeen(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            List<Object> now = Arrays.asList(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
            return !now.equals(seen.put(file, now));
        } catch (IOException e) {
            return true;
        }
    }
}
