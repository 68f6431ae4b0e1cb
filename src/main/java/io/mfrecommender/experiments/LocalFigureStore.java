package io.mfrecommender.experiments;

import io.mfrecommender.data.DurableFiles;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures in this process, per variant: the lists served, the hits, the users shown a list and
 * the users with a hit (which the owner's records keep and restore), and what was recently shown
 * to whom ({@link RecentExposures}). The owner keeps that memory beside the running experiment's
 * record, {@code <name>.shown}, written with it (every save-interval and at shutdown) and read at a
 * restart, so a restart forgets at most what was shown since the last save. Thread-safe.
 */
final class LocalFigureStore implements FigureStore {

    /** One variant's figures; the user sets make the per-user rates and survive restarts in the record. */
    private static final class Tally {
        final LongAdder lists = new LongAdder();
        final LongAdder hits = new LongAdder();
        final Set<Long> users = ConcurrentHashMap.newKeySet();
        final Set<Long> usersWithHit = ConcurrentHashMap.newKeySet();
    }

    /** By experiment name, then variant name. */
    private final Map<String, Map<String, Tally>> tallies = new ConcurrentHashMap<>();

    private static final Logger log = LoggerFactory.getLogger(LocalFigureStore.class);
    private static final String SHOWN = ".shown";

    private final RecentExposures recent;
    /** Where the memory is kept ({@code <models>/experiments}); null: in memory only (a replica, tests). */
    private final Path directory;

    LocalFigureStore(ExperimentProperties properties, MeterRegistry meters) {
        this(properties, meters, null);
    }

    LocalFigureStore(ExperimentProperties properties, MeterRegistry meters, Path directory) {
        this.recent = new RecentExposures(
                properties.remembered(), properties.maxRememberedUsers(), properties.maxRememberedMovies(), meters);
        this.directory = directory;
    }

    /** Writes the memory of what was shown beside {@code experiment}'s record (the running one). */
    @Override
    public void save(String experiment) throws IOException {
        if (directory != null) {
            DurableFiles.replace(shownFile(experiment), out -> recent.writeTo(new DataOutputStream(out)));
        }
    }

    private Path shownFile(String experiment) {
        return directory.resolve(experiment + SHOWN);
    }

    @Override
    public void track(Experiment experiment) {
        tallies.computeIfAbsent(experiment.name(), name -> {
            Map<String, Tally> figures = new ConcurrentHashMap<>();
            experiment.variants().forEach(variant -> figures.put(variant.name(), new Tally()));
            return figures;
        });
    }

    @Override
    public void restore(Experiment experiment, Map<String, ExperimentRecords.StoredTally> stored) {
        track(experiment);
        if (directory != null && experiment.running() && Files.isRegularFile(shownFile(experiment.name()))) {
            try (DataInputStream in =
                    new DataInputStream(new BufferedInputStream(Files.newInputStream(shownFile(experiment.name()))))) {
                recent.readFrom(in);
            } catch (IOException e) {
                // Never fatal: the figures are whole; only hits of movies shown before the restart are lost.
                recent.clear();
                log.warn(
                        "Experiment {}: what was recently shown could not be read back ({}); ratings of movies "
                                + "shown before the restart are not counted as hits",
                        experiment.name(),
                        e.getClass().getSimpleName());
            }
        }
        Map<String, Tally> figures = tallies.get(experiment.name());
        stored.forEach((variant, saved) -> {
            Tally tally = figures.get(variant);
            if (tally != null) {
                tally.lists.add(saved.lists());
                tally.hits.add(saved.hits());
                Arrays.stream(saved.users()).forEach(tally.users::add);
                Arrays.stream(saved.usersWithHit()).forEach(tally.usersWithHit::add);
            }
        });
    }

    @Override
    public Map<String, ExperimentRecords.StoredTally> stored(String experiment) {
        Map<String, ExperimentRecords.StoredTally> stored = new LinkedHashMap<>();
        tallies.getOrDefault(experiment, Map.of())
                .forEach((variant, tally) -> stored.put(
                        variant,
                        new ExperimentRecords.StoredTally(
                                tally.lists.sum(), tally.hits.sum(), sorted(tally.users), sorted(tally.usersWithHit))));
        return stored;
    }

    @Override
    public boolean served(long user, String experiment, String variant, long[] movies, long at) {
        Tally tally = tallies.getOrDefault(experiment, Map.of()).get(variant);
        if (tally == null) {
            return false;
        }
        tally.lists.increment();
        tally.users.add(user);
        recent.remember(user, experiment, variant, movies, at);
        return true;
    }

    @Override
    public boolean liked(long user, long movie, long since, HitListener hits) {
        RecentExposures.Shown match = recent.take(user, movie, since);
        if (match == null) {
            return false;
        }
        Tally tally = tallies.getOrDefault(match.experiment(), Map.of()).get(match.variant());
        if (tally == null) {
            return false;
        }
        tally.hits.increment();
        tally.usersWithHit.add(user);
        hits.hit(match.experiment(), match.variant());
        return true;
    }

    @Override
    public void clearRecent(String experiment) {
        recent.clear();
        if (directory != null) {
            try {
                Files.deleteIfExists(shownFile(experiment));
            } catch (IOException e) {
                log.warn(
                        "Experiment {}: its memory of what was shown could not be deleted: {}",
                        experiment,
                        e.toString());
            }
        }
    }

    /** Also rewrites the memory kept on disk, at once, when it named any of them. */
    @Override
    public List<String> erase(Collection<Long> users) {
        boolean remembered = users.stream().anyMatch(recent::remembers);
        users.forEach(recent::forget);
        if (remembered && directory != null) {
            rewriteShown();
        }
        List<String> named = new ArrayList<>();
        tallies.forEach((experiment, figures) -> {
            boolean any = false;
            for (Tally tally : figures.values()) {
                any |= tally.users.removeAll(users) | tally.usersWithHit.removeAll(users);
            }
            if (any) {
                named.add(experiment);
            }
        });
        return named;
    }

    @Override
    public boolean names(long user) {
        return recent.remembers(user)
                || tallies.values().stream()
                        .flatMap(figures -> figures.values().stream())
                        .anyMatch(tally -> tally.users.contains(user) || tally.usersWithHit.contains(user));
    }

    @Override
    public int rememberedUsers() {
        return recent.users();
    }

    @Override
    public Map<String, Counts> counts(String experiment) {
        Map<String, Counts> counts = new LinkedHashMap<>();
        tallies.getOrDefault(experiment, Map.of())
                .forEach((variant, tally) -> counts.put(
                        variant,
                        new Counts(
                                tally.users.size(), tally.lists.sum(), tally.hits.sum(), tally.usersWithHit.size())));
        return counts;
    }

    @Override
    public boolean shared() {
        return false;
    }

    /** Rewrites every memory file there is (one per running experiment) from what is remembered now. */
    private void rewriteShown() {
        try {
            for (Path file : DurableFiles.records(directory, SHOWN)) {
                String name = file.getFileName().toString();
                save(name.substring(0, name.length() - SHOWN.length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not rewrite what was recently shown without the erased users", e);
        }
    }

    private static long[] sorted(Set<Long> ids) {
        long[] values = ids.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(values);
        return values;
    }
}
