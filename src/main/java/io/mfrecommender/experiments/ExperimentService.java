package io.mfrecommender.experiments;

import io.mfrecommender.api.ConflictException;
import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.NotFoundException;
import io.mfrecommender.api.ProblemTypes;
import io.mfrecommender.api.StorageUnavailableException;
import io.mfrecommender.data.DurableFiles;
import io.mfrecommender.data.RatingScale;
import io.mfrecommender.model.ModelStoreException;
import io.mfrecommender.ratings.RatingListener;
import io.mfrecommender.recommendation.ExposureListener;
import io.mfrecommender.text.ClientText;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Experiments between model versions. One runs at a time: its users are split between its
 * variants' versions by a sticky hash of the experiment's name and the user's id
 * ({@link ServedVersion#bucket}), so a user keeps their variant for as long as it runs, across
 * restarts and on every instance. The split itself is served by {@link ModelVersions}, which folds
 * posted ratings into every variant's version.
 *
 * <p>A hit is a rating of at least 4 of 5 stars (scaled) posted for a movie the user was shown by
 * their variant at most {@code recommender.experiments.hit-window} before; each (user, movie) counts
 * once. The report's unit is the user (share of exposed users with a hit), which keeps the users
 * independent for the confidence interval.
 *
 * <p>Each experiment is a JSON record under {@code <models>/experiments/}, replaced durably on every
 * change of state and, while it runs, with its figures every {@code save-interval} and at shutdown.
 * Where the ratings are shared in PostgreSQL, the figures and what was recently recommended to whom
 * are too ({@link PostgresFigureStore}): a hit counts whichever replica served the list and
 * whichever received the rating, and restarts forget nothing. Otherwise they are this process's
 * ({@link LocalFigureStore}): what was recently recommended is saved beside the record with the
 * figures, so a restart forgets at most what was shown since the last save.
 */
public final class ExperimentService implements ExposureListener, RatingListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExperimentService.class);
    private final ModelVersions versions;
    private final ExperimentRecords records;
    private final ExperimentFigures figures;
    private final Clock clock;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "experiments");
        thread.setDaemon(true);
        return thread;
    });

    /** Every experiment by name, ended ones included. Guarded by {@code this} for changes. */
    private final Map<String, Experiment> experiments = new ConcurrentHashMap<>();
    /** Why a running experiment's split is not served here, by name; absent while it is. */
    private final Map<String, String> unserved = new ConcurrentHashMap<>();

    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicBoolean restored = new AtomicBoolean();
    private final ExperimentFollower follower;
    private final ExperimentErasure erasure;

    /**
     * @param directory where the records are kept ({@code <models>/experiments})
     */
    public ExperimentService(
            ModelVersions versions,
            Path directory,
            ExperimentProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this(versions, directory, properties, meters, clock, null);
    }

    /**
     * @param followInterval on a replica (models directory read-only), how often the records are read
     *                       to follow the owner's starts and ends; null: only by {@link #follow()}
     */
    public ExperimentService(
            ModelVersions versions,
            Path directory,
            ExperimentProperties properties,
            MeterRegistry meters,
            Clock clock,
            Duration followInterval) {
        this(
                versions,
                directory,
                properties,
                meters,
                clock,
                followInterval,
                new LocalFigureStore(properties, meters, versions.store().writable() ? directory : null));
    }

    /** @param store where the figures and the memory of what was shown are kept (closed with this) */
    ExperimentService(
            ModelVersions versions,
            Path directory,
            ExperimentProperties properties,
            MeterRegistry meters,
            Clock clock,
            Duration followInterval,
            FigureStore store) {
        this.versions = versions;
        this.records = new ExperimentRecords(directory, versions.store().writable());
        this.figures = new ExperimentFigures(store, properties, meters, clock);
        this.clock = clock;
        this.erasure =
                new ExperimentErasure(this, records, figures, versions.store().writable());
        this.follower = new ExperimentFollower(this, versions, records, experiments, figures, restored);
        // A replica counts what it serves itself; the figures in the records are the owner's.
        for (ExperimentRecords.Stored stored : records.readAll()) {
            if (versions.store().writable()) {
                figures.restore(stored.experiment(), stored.figures());
            } else {
                figures.track(stored.experiment());
            }
            experiments.put(stored.experiment().name(), stored.experiment());
        }
        // The running experiment's versions are served once the first version is (its ratings loaded).
        versions.served().onActivation(model -> {
            if (running() != null && restored.compareAndSet(false, true)) {
                background.execute(this::restoreSplit);
            }
        });
        long every = properties.saveInterval().toMillis();
        background.scheduleWithFixedDelay(this::saveIfDirty, every, every, TimeUnit.MILLISECONDS);
        if (followInterval != null && !versions.store().writable()) {
            long interval = followInterval.toMillis();
            background.scheduleWithFixedDelay(this::followLogged, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    /** A replica's side ({@link ExperimentFollower}): serves what the owner's records say. */
    synchronized void follow() {
        follower.follow();
    }

    /** Serves {@code experiment}'s split; when it cannot be, says why in its status instead. */
    boolean serveSplit(Experiment experiment) {
        try {
            versions.startSplit(experiment.name(), ExperimentValidation.arms(experiment));
            unserved.remove(experiment.name());
            return true;
        } catch (RuntimeException e) {
            String why = "its split cannot be served: " + e.getMessage();
            if (!why.equals(unserved.put(experiment.name(), why))) {
                log.error("Experiment {}: {}; every user is served the active version", experiment.name(), why);
            }
            return false;
        }
    }

    private void followLogged() {
        try {
            follow();
        } catch (RuntimeException e) {
            log.warn("Could not follow the owner's experiments: {}", e.getMessage());
        }
    }

    /**
     * Starts an experiment: validates it, records it, serves its split; 409 while another runs. The
     * record is written (staged) before the split is served and put in place after, so a full disk
     * changes nothing (503) and a split that cannot start leaves no record.
     */
    public synchronized ExperimentReport start(ExperimentRequests.NewExperiment request) {
        versions.requireWritable("start an experiment");
        Experiment experiment = ExperimentValidation.validate(request, versions.store(), clock.instant());
        Experiment other = running();
        if (other != null) {
            throw new ConflictException(
                    ProblemTypes.EXPERIMENT_RUNNING,
                    "Another experiment runs",
                    "experiment " + ClientText.quote(other.name()) + " is running; end it before starting another");
        }
        if (experiments.containsKey(experiment.name()) || records.isDamaged(experiment.name())) {
            throw new ConflictException(
                    ProblemTypes.EXPERIMENT_EXISTS,
                    "Experiment exists",
                    "an experiment named " + ClientText.quote(experiment.name())
                            + " exists already; a name is used once, so its users' assignment stays its own");
        }
        DurableFiles.Staged record;
        try {
            record = records.stage(new ExperimentRecords.Stored(experiment, Map.of()));
        } catch (IOException e) {
            throw unavailable("started");
        }
        try {
            versions.startSplit(experiment.name(), ExperimentValidation.arms(experiment));
        } catch (RuntimeException e) {
            record.abort();
            throw e;
        }
        try {
            record.commit();
        } catch (IOException e) {
            record.abort();
            versions.stopSplit();
            throw unavailable("started");
        }
        figures.track(experiment);
        experiments.put(experiment.name(), experiment);
        unserved.remove(experiment.name());
        restored.set(true);
        log.info("Experiment {} started: {}", experiment.name(), experiment.variants());
        return report(experiment);
    }

    /**
     * Ends the running experiment {@code name}: the version of {@code promote} becomes the active one
     * for every user and the split stops, in one swap.
     */
    public synchronized ExperimentReport end(String name, String promote) {
        versions.requireWritable("end an experiment");
        Experiment experiment = find(name);
        if (!experiment.running()) {
            throw new ConflictException(
                    ProblemTypes.EXPERIMENT_ENDED,
                    "Experiment ended",
                    "experiment " + ClientText.quote(name) + " ended already, promoting " + experiment.promoted());
        }
        Experiment.Variant winner = promote == null ? null : experiment.variant(promote.strip());
        if (winner == null) {
            throw new InvalidParameterException(
                    "promote",
                    "promote must name one of the experiment's variants ("
                            + String.join(
                                    ", ",
                                    experiment.variants().stream()
                                            .map(Experiment.Variant::name)
                                            .toList())
                            + "), got " + ClientText.quote(String.valueOf(promote)));
        }
        if (!versions.store().exists(winner.version())) {
            throw new ConflictException(
                    ProblemTypes.EXPERIMENT_VERSION_MISSING,
                    "Variant's version missing",
                    "variant " + ClientText.quote(winner.name()) + "'s version " + ClientText.quote(winner.version())
                            + " is no longer saved, so it cannot be served to every user; promote another variant");
        }
        Experiment ended = experiment.ended(clock.instant(), winner.name());
        DurableFiles.Staged record;
        try {
            record = stage(ended);
        } catch (IOException e) {
            throw unavailable("ended");
        }
        try {
            if (versions.served().split().map(s -> s.experiment().equals(name)).orElse(false)) {
                versions.endSplit(winner.version());
            } else {
                versions.activate(winner.version()); // its split never started here (its versions did not load)
            }
        } catch (ModelStoreException e) {
            record.abort();
            throw unavailable("ended");
        } catch (RuntimeException e) {
            record.abort();
            throw e;
        }
        try {
            record.commit();
        } catch (IOException e) {
            // Served already: the record says running until the next save of it succeeds.
            record.abort();
            log.error("Experiment {} ended but its record could not be replaced: {}", name, e.toString());
        }
        experiments.put(name, ended);
        unserved.remove(name);
        figures.clearRecent(name);
        log.info("Experiment {} ended, promoting {} ({})", name, winner.name(), winner.version());
        return report(ended);
    }

    private StorageUnavailableException unavailable(String what) {
        return new StorageUnavailableException("the experiment's record cannot be written to the models disk now, so "
                + "it was not " + what + "; nothing changed");
    }

    /**
     * Every experiment, newest first, as served here: a running one whose split is not served is
     * {@code suspended}; damaged records last.
     */
    public List<Experiment> list() {
        List<Experiment> all = new ArrayList<>(experiments.values().stream()
                .sorted(Comparator.comparing(Experiment::startedAt).reversed())
                .map(this::asServed)
                .toList());
        records.damaged().stream()
                .sorted(Comparator.comparing(ExperimentRecords.Damaged::name))
                .map(ExperimentService::damaged)
                .forEach(all::add);
        return all;
    }

    /** The damaged records' names: for health. */
    public List<String> damagedRecords() {
        return records.damaged().stream()
                .map(ExperimentRecords.Damaged::name)
                .sorted()
                .toList();
    }

    private static Experiment damaged(ExperimentRecords.Damaged record) {
        return new Experiment(record.name(), Experiment.DAMAGED, List.of(), null, null, null, record.reason());
    }

    /** {@code experiment} with the status this instance serves: running only while its split is served. */
    private Experiment asServed(Experiment experiment) {
        if (!experiment.running()) {
            return experiment;
        }
        boolean served = versions.served()
                .split()
                .map(split -> split.experiment().equals(experiment.name()))
                .orElse(false);
        if (served) {
            return experiment;
        }
        return experiment.suspended(unserved.getOrDefault(
                experiment.name(), "its split is not served yet: the service is loading its versions"));
    }

    /** One experiment's figures; 404 when there is none. */
    public ExperimentReport report(String name) {
        return report(find(name));
    }

    private Experiment find(String name) {
        Experiment experiment = name == null ? null : experiments.get(name);
        if (experiment == null && name != null && records.isDamaged(name)) {
            throw new ConflictException(
                    ProblemTypes.EXPERIMENT_EXISTS,
                    "Experiment record damaged",
                    "the record of experiment " + ClientText.quote(name) + " cannot be read, so it can be neither "
                            + "reported nor ended; GET /experiments says why");
        }
        if (experiment == null) {
            throw new NotFoundException(
                    ProblemTypes.UNKNOWN_EXPERIMENT,
                    "Unknown experiment",
                    "no experiment is named " + ClientText.quote(String.valueOf(name)));
        }
        return experiment;
    }

    Experiment running() {
        return experiments.values().stream()
                .filter(Experiment::running)
                .findFirst()
                .orElse(null);
    }

    private ExperimentReport report(Experiment stored) {
        Experiment experiment = asServed(stored);
        return new ExperimentReport(
                experiment.name(),
                experiment.status(),
                experiment.reason(),
                experiment.startedAt(),
                experiment.endedAt(),
                experiment.promoted(),
                figures.hitWindow(),
                versions.current().map(m -> (double) m.model().scale().liked()).orElse(Double.NaN),
                figures.report(experiment));
    }

    // --- Counting ---------------------------------------------------------------------------

    @Override
    public void served(long user, String experiment, String variant, long[] movies) {
        if (figures.served(user, experiment, variant, movies)) {
            dirty.set(true);
        }
    }

    @Override
    public void rated(long user, long movie, float rating, RatingScale scale) {
        if (figures.rated(user, movie, rating, scale)) {
            dirty.set(true);
        }
    }

    /**
     * An erased user leaves every experiment: the exposed users and users with a hit of every
     * variant (so the user counts drop by them), what was recently shown to them, and every record
     * naming them, running or ended. A record that cannot be rewritten now is retried with each save.
     */
    @Override
    public void erased(long user) {
        erasure.erased(user);
    }

    /** The experiment recorded under {@code name}, or null. */
    Experiment experiment(String name) {
        return experiments.get(name);
    }

    /** Users whose recent recommendations are remembered now. */
    int rememberedUsers() {
        return figures.rememberedUsers();
    }

    /** Whether any experiment's figures, record or memory name {@code user}: for erasure tests. */
    boolean names(long user) {
        return erasure.names(user);
    }

    // --- Records ----------------------------------------------------------------------------

    /** {@code experiment}'s record with its figures now, staged: in place only once committed. */
    DurableFiles.Staged stage(Experiment experiment) throws IOException {
        return records.stage(new ExperimentRecords.Stored(experiment, figures.stored(experiment.name())));
    }

    private synchronized void write(Experiment experiment) {
        try {
            stage(experiment).commit();
            figures.save(experiment.name());
        } catch (IOException e) {
            throw new UncheckedIOException("could not record experiment " + experiment.name(), e);
        }
    }

    /** Serves the recorded running experiment's split again (after a restart). */
    private void restoreSplit() {
        Experiment experiment = running();
        if (experiment == null) {
            return;
        }
        if (serveSplit(experiment)) {
            log.info("Experiment {} resumed: {}", experiment.name(), experiment.variants());
        }
    }

    private void saveIfDirty() {
        erasure.retry();
        if (!dirty.getAndSet(false) || !versions.store().writable()) {
            return;
        }
        try {
            Experiment experiment = running();
            if (experiment != null) {
                write(experiment);
            }
        } catch (RuntimeException e) {
            dirty.set(true);
            log.warn("Could not save the running experiment's figures: {}", e.getMessage());
        }
    }

    /** Writes the running experiment's figures and stops the background work. */
    @Override
    public void close() {
        background.shutdownNow();
        dirty.set(true);
        saveIfDirty();
        figures.close();
    }
}
