package io.mfrecommender.ratings;

import io.mfrecommender.data.LoadReport;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.RatingFormat;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.TinyServing;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The ratings service over {@link TinyServing}'s version with a ranker, its data loaded, the journal in {@code dir}. */
public final class TinyRatings {

    public final Path journal;
    public final ServedVersion registry = new ServedVersion();
    public final PostedRatingsStore store;
    public final ModelVersions active;
    public final RatingsService service;

    public TinyRatings(Path dir) {
        this(dir, new RatingJournal(dir.resolve("posted-ratings.journal")));
    }

    /** The same over another rating log (a database several replicas share). */
    public TinyRatings(Path dir, RatingLog log) {
        journal = dir.resolve("posted-ratings.journal");
        store = new PostedRatingsStore(log, Timer.builder("fold-in").register(new SimpleMeterRegistry()));
        active = new ModelVersions(
                new ModelStore(dir.resolve("models")), registry, Popularity.COUNT_TIMES_MEAN, 10, 5, store);
        // As a restart does: index the loaded data with the journal, then fold in who changed since training.
        store.withPosted(data());
        registry.activate(store.foldChangedSince(TinyServing.withRanker(), 0));
        service = new RatingsService(
                active, store, RatingsProperties.journal(null, 3), new SimpleMeterRegistry(), Clock.systemUTC());
    }

    static LoadedData data() {
        return new LoadedData(
                "tiny",
                TinyServing.ratings(),
                new LoadReport("tiny", RatingFormat.DOUBLE_COLON, 3, 3, 0, 0, List.of()),
                TinyServing.catalog());
    }
}
