package io.mfrecommender.versions;

import io.mfrecommender.api.ConflictException;
import io.mfrecommender.api.ModelNotReadyException;
import io.mfrecommender.api.NotFoundException;
import io.mfrecommender.api.ProblemTypes;
import io.mfrecommender.data.CatalogueEdits;
import io.mfrecommender.data.EventTable;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelManifest;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.ModelStoreException;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.text.ClientText;
import io.mfrecommender.training.EventWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saved versions and which one is served: builds the immutable {@link ServingModel} of a
 * version beside the one in use, swaps it into the {@link ServedVersion} with one reference write,
 * then names it in {@code ACTIVE}. Startup, training jobs and rollbacks ({@code PUT /models/active})
 * all activate through here, one at a time. A served version is indexed over the data plus the
 * posted ratings, with the users changed since its training folded in; fold-ins of new posts are
 * published through {@link #update}, under the same lock, so none is lost to an activation running
 * at the same time.
 */
public final class ModelVersions {

    private static final Logger log = LoggerFactory.getLogger(ModelVersions.class);

    private final ModelStore store;
    private final ServedVersion served;
    private final Popularity popularity;
    private final double damping;
    private final int retain;
    private final PostedRatings posted;
    private final boolean serveMismatchedData;
    private volatile CatalogueEdits catalogueEdits = CatalogueEdits.none();
    private volatile EventWeights popularEvents;
    /** The loaded ratings and catalog (without the journal) the served version was indexed with. */
    private volatile LoadedData data;

    /**
     * @param popularity how the list for unknown users is ordered
     * @param damping    weight of the global mean in the damped mean rating
     * @param retain     versions kept by {@link #applyRetention}, newest first
     */
    public ModelVersions(
            ModelStore store,
            ServedVersion served,
            Popularity popularity,
            double damping,
            int retain,
            PostedRatings posted) {
        this(store, served, popularity, damping, retain, posted, false);
    }

    /**
     * @param serveMismatchedData serve versions trained on other ratings than the loaded ones
     *                            (with a warning) instead of refusing them
     */
    public ModelVersions(
            ModelStore store,
            ServedVersion served,
            Popularity popularity,
            double damping,
            int retain,
            PostedRatings posted,
            boolean serveMismatchedData) {
        this.serveMismatchedData = serveMismatchedData;
        this.store = store;
        this.served = served;
        this.popularity = popularity;
        this.damping = damping;
        this.retain = retain;
        this.posted = posted;
    }

    public ModelStore store() {
        return store;
    }

    /** The catalogue entries added through the API, laid over the loaded catalogue at every activation. */
    public void useCatalogueEdits(CatalogueEdits edits) {
        this.catalogueEdits = edits;
    }

    /**
     * Counts the users who showed interest in a movie by events (a positive type of {@code weights})
     * in the cold-start list's popularity, beside its ratings ({@code recommender.events.count-in-popular}).
     */
    public void countEventsInPopularity(EventWeights weights) {
        this.popularEvents = weights;
    }

    public CatalogueEdits catalogueEdits() {
        return catalogueEdits;
    }

    public ServedVersion served() {
        return served;
    }

    /** The served version, if any (never 503). */
    public Optional<ServingModel> current() {
        return served.find();
    }

    /** The ratings and catalogue as loaded (no journal) that the served version is indexed with; empty before the first. */
    public Optional<LoadedData> servedData() {
        return Optional.ofNullable(data);
    }

    /** What a new version trains on: {@code loaded} plus the posted ratings, and how much of the journal that is. */
    public PostedRatings.Snapshot trainingData(LoadedData loaded) {
        return posted.withPosted(loaded);
    }

    /**
     * Serves {@code model} (already saved) over {@code ratings} and the posted ratings, with users
     * changed after its training folded in, and names it in {@code ACTIVE}.
     */
    public synchronized ServingModel serve(FactorModel model, LoadedData ratings) {
        requireSameData(model, ratings);
        long start = System.nanoTime();
        served.reportStatus("indexing model " + model.version());
        ServingModel serving = snapshot(model, ratings);
        if (store.writable()
                && !store.activeVersion().map(model.version()::equals).orElse(false)) {
            store.activate(model.version());
        }
        served.activate(serving);
        data = ratings;
        log.info(
                "Serving model {} after {} ms of activation ({}, k={}, {} users, {} movies; recommendations ranked "
                        + "by {}{})",
                model.version(),
                (System.nanoTime() - start) / 1_000_000,
                model.manifest().algorithm(),
                model.factors(),
                model.users().size(),
                model.items().size(),
                model.ranker()
                        .map(r -> r.manifest().algorithm() + " k=" + r.factors())
                        .orElse("predicted rating"),
                serving.overlay().size() == 0
                        ? ""
                        : "; users folded in from ratings posted since its training: "
                                + serving.overlay().size());
        return serving;
    }

    /**
     * {@code model} ready to serve over {@code ratings} and the posted ratings: users changed after
     * its training folded in, catalogue entries added through the API placed from their genres.
     */
    private ServingModel snapshot(FactorModel model, LoadedData ratings) {
        PostedRatings.Snapshot current = posted.withPosted(ratings);
        CatalogueEdits edits = catalogueEdits;
        ServingModel serving = posted.foldChangedSince(
                new ServingModel(
                        model,
                        current.data().ratings(),
                        edits.applyTo(current.data().catalog()),
                        popularity,
                        damping,
                        interested(model, current.data().events())),
                model.manifest().postedThrough());
        return posted.foldMovies(serving, edits.entries().keySet());
    }

    /** Per model item, the users with events of a positive type on it; null when they do not count. */
    private int[] interested(FactorModel model, EventTable events) {
        EventWeights weights = popularEvents;
        if (weights == null || events.isEmpty()) {
            return null;
        }
        int[] users = new int[model.items().size()];
        java.util.Set<String> counted = new java.util.HashSet<>();
        for (int e = 0; e < events.size(); e++) {
            int item = model.items().indexOrMinusOne(events.movie(e));
            if (item >= 0
                    && weights.isPositive(events.type(e))
                    && counted.add(events.user(e) + " " + events.movie(e))) {
                users[item]++;
            }
        }
        return users;
    }

    /**
     * One arm of a split to start: the variant's name, its version and the buckets it takes.
     *
     * @param upTo the arm takes the buckets from the previous arm's {@code upTo} up to this one
     */
    public record SplitArm(String variant, String version, int upTo) {}

    /**
     * Serves {@code arms} beside the active version, users divided by a sticky hash of their id and
     * {@code experiment} ({@link ServedVersion.Split}); each arm's version is loaded, validated and
     * folded in as an activation does (the active version's snapshot is shared, not copied). A
     * version that does not load starts nothing. Nothing is written to the models directory.
     *
     * @throws ModelNotReadyException before the ratings are loaded
     */
    public synchronized void startSplit(String experiment, List<SplitArm> arms) {
        LoadedData ratings = requireLoaded();
        ServingModel active = served.current();
        Map<String, ServingModel> byVersion = new HashMap<>();
        byVersion.put(active.version(), active);
        List<ServedVersion.Arm> served = new ArrayList<>(arms.size());
        for (SplitArm arm : arms) {
            ServingModel model = byVersion.get(arm.version());
            if (model == null) {
                FactorModel loaded = load(arm.version());
                requireSameData(loaded, ratings);
                model = snapshot(loaded, ratings);
                byVersion.put(arm.version(), model);
            }
            served.add(new ServedVersion.Arm(arm.variant(), arm.upTo(), model));
        }
        this.served.startSplit(new ServedVersion.Split(experiment, served));
        log.info("Experiment {} splits users between {}", experiment, arms);
    }

    /**
     * Ends the running split: {@code version} (one of its arms) becomes the active version and
     * the split stops, in one swap, and {@code ACTIVE} names it. Its snapshot is the arm's own,
     * with every fold-in since the split started.
     *
     * @throws IllegalStateException when no split runs or none of its arms serves {@code version}
     */
    public synchronized ServingModel endSplit(String version) {
        ServedVersion.Split split = served.split().orElseThrow(() -> new IllegalStateException("no split runs"));
        ServingModel winner = split.arms().stream()
                .map(ServedVersion.Arm::model)
                .filter(model -> model.version().equals(version))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no arm of the split serves " + version));
        if (store.writable() && !store.activeVersion().map(version::equals).orElse(false)) {
            store.activate(version);
        }
        served.endSplit(winner);
        log.info("Experiment {} ended: serving {} to every user", split.experiment(), version);
        return winner;
    }

    /** Stops a running split without a winner: every user is served the active version again. */
    public synchronized void stopSplit() {
        served.find().ifPresent(served::endSplit);
    }

    /**
     * A version describes the ratings it was trained on: served over others, its titles, popular
     * list and "already rated" exclusions belong to data it does not know. Refused unless
     * {@code recommender.models.serve-mismatched-data} says otherwise. Versions saved before the
     * fingerprint was recorded are checked by their rating scale only.
     *
     * @throws DataMismatchException when the version was trained on other ratings
     */
    void requireSameData(FactorModel model, LoadedData ratings) {
        String expected = model.manifest().sourceFingerprint();
        String found = ratings.ratings().fingerprint();
        boolean sameScale = model.scale().equals(ratings.ratings().scale());
        if (sameScale && (expected == null || expected.equals(found))) {
            return;
        }
        String what = !sameScale
                ? "its rating scale " + model.scale() + " is not the loaded data's "
                        + ratings.ratings().scale()
                : "it was trained on other ratings (dataset fingerprint " + abbreviate(expected) + ", the loaded "
                        + "data's is " + abbreviate(found) + ")";
        if (serveMismatchedData) {
            log.warn(
                    "Serving model {} although {}: recommender.models.serve-mismatched-data is on",
                    model.version(),
                    what);
            return;
        }
        throw new DataMismatchException(model.version(), what);
    }

    private static String abbreviate(String fingerprint) {
        return fingerprint == null ? "none" : fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }

    /**
     * Publishes {@code change} applied to every served snapshot (a fold-in), the active version's and
     * each experiment variant's, atomically with respect to activations: the change always lands on
     * the versions being served. 503 before a model is active.
     */
    public synchronized ServingModel update(UnaryOperator<ServingModel> change) {
        return served.updateAll(change);
    }

    /**
     * Rollback or roll forward: loads and validates a saved version, then serves it. A version that
     * does not load leaves the served one untouched.
     */
    public synchronized ServingModel activate(String version) {
        requireWritable("activate another version");
        return loadAndServe(version);
    }

    /**
     * A replica's side of an activation: serves the version the owner named in {@code ACTIVE},
     * loaded and validated first; a version that does not load leaves the served one untouched.
     * Nothing is written to the models directory.
     *
     * @return the version now served, or empty when it already was
     * @throws ModelNotReadyException before the ratings are loaded
     */
    public synchronized Optional<ServingModel> follow(String version) {
        if (served.find().map(m -> m.version().equals(version)).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(loadAndServe(version));
    }

    private ServingModel loadAndServe(String version) {
        if (!store.exists(version)) {
            throw unknownVersion(version);
        }
        LoadedData ratings = requireLoaded();
        return serve(load(version), ratings);
    }

    private LoadedData requireLoaded() {
        LoadedData ratings = data;
        if (ratings == null) {
            throw new ModelNotReadyException(
                    "The service has not loaded its ratings yet: " + served.status() + ". Retry shortly.");
        }
        return ratings;
    }

    /** A saved version, loaded and validated; 404 when there is none, 409 when it does not load. */
    private FactorModel load(String version) {
        if (!store.exists(version)) {
            throw unknownVersion(version);
        }
        try {
            return store.load(version);
        } catch (ModelStoreException e) {
            log.warn("Model version {} could not be loaded: {}", version, e.getMessage());
            throw new ConflictException(
                    ProblemTypes.INVALID_MODEL_VERSION,
                    "Model version not loadable",
                    "model version " + ClientText.quote(version)
                            + " could not be loaded and is not served; the service log says why");
        }
    }

    /** 409 on a replica whose models directory is read-only: it serves versions, it does not make them. */
    public void requireWritable(String action) {
        if (!store.writable()) {
            throw new ConflictException(
                    ProblemTypes.MODELS_READ_ONLY,
                    "Models directory read-only",
                    "this instance serves a read-only models directory, so it cannot " + action
                            + "; do that on the instance that owns the directory; this one follows the version it activates");
        }
    }

    public List<ModelManifest> list() {
        return store.list();
    }

    public ModelManifest manifest(String version) {
        return list().stream()
                .filter(m -> m.version().equals(version))
                .findFirst()
                .orElseThrow(() -> unknownVersion(version));
    }

    private static NotFoundException unknownVersion(String version) {
        return new NotFoundException(
                ProblemTypes.UNKNOWN_MODEL_VERSION,
                "Unknown model version",
                "there is no model version " + ClientText.quote(version) + "; GET /models lists them");
    }

    /** Deletes all but the newest {@code recommender.models.retain} versions, never the active one. */
    public synchronized void applyRetention() {
        if (!store.writable()) {
            return;
        }
        String active = store.activeVersion().orElse(null);
        Set<String> inSplit = new HashSet<>();
        served.split()
                .ifPresent(split ->
                        split.arms().forEach(arm -> inSplit.add(arm.model().version())));
        List<ModelManifest> versions = list();
        for (int i = retain; i < versions.size(); i++) {
            String version = versions.get(i).version();
            if (!version.equals(active) && !inSplit.contains(version)) {
                store.delete(version);
                log.info("Deleted model version {} (recommender.models.retain = {})", version, retain);
            }
        }
    }
}
