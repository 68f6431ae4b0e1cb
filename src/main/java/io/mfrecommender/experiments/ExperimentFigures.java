package io.mfrecommender.experiments;

import io.mfrecommender.data.RatingScale;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The experiments' figures: per variant the lists served, the hits, the users shown a list and the
 * users with a hit, kept by a {@link FigureStore} with what was recently shown to whom. A hit is a
 * rating of at least 4 of 5 stars (scaled) posted for a movie the user was shown by their variant
 * at most {@code hitWindow} before; each (user, movie) counts once. The report's unit is the user
 * (share of exposed users with a hit), which keeps the users independent for the confidence
 * interval. This instance's meters count what it served and the hits it matched. Thread-safe.
 */
final class ExperimentFigures implements AutoCloseable {

    private final FigureStore store;
    private final Duration hitWindow;
    private final MeterRegistry meters;
    private final Clock clock;

    ExperimentFigures(FigureStore store, ExperimentProperties properties, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.hitWindow = properties.hitWindow();
        this.meters = meters;
        this.clock = clock;
    }

    void track(Experiment experiment) {
        store.track(experiment);
    }

    void restore(Experiment experiment, Map<String, ExperimentRecords.StoredTally> stored) {
        store.restore(experiment, stored);
    }

    Map<String, ExperimentRecords.StoredTally> stored(String experiment) {
        return store.stored(experiment);
    }

    /** Counts a list served to a user the version knows; whether the experiment's record changed. */
    boolean served(long user, String experiment, String variant, long[] movies) {
        counter("recommender.experiment.recommendations", "Lists served in an experiment", experiment, variant)
                .increment();
        return store.served(user, experiment, variant, movies, clock.millis());
    }

    /** Counts a hit when the rating is relevant and of a movie recently shown to the user; whether the record changed. */
    boolean rated(long user, long movie, float rating, RatingScale scale) {
        if (!scale.isLiked(rating)) {
            return false;
        }
        return store.liked(
                user,
                movie,
                clock.millis() - hitWindow.toMillis(),
                (experiment, variant) -> counter(
                                "recommender.experiment.hits",
                                "Recommended movies rated relevant within the hit window",
                                experiment,
                                variant)
                        .increment());
    }

    /** Saves what the store keeps only in memory, beside {@code experiment}'s record. */
    void save(String experiment) throws IOException {
        store.save(experiment);
    }

    /** Forgets what was shown in {@code experiment} (its end). */
    void clearRecent(String experiment) {
        store.clearRecent(experiment);
    }

    /**
     * Removes {@code users} from every experiment's figures and from what was recently shown.
     *
     * @return the experiments whose records named any of them
     */
    List<String> erase(Collection<Long> users) {
        return store.erase(users);
    }

    /** Whether any figures or memory name {@code user}. */
    boolean names(long user) {
        return store.names(user);
    }

    int rememberedUsers() {
        return store.rememberedUsers();
    }

    boolean shared() {
        return store.shared();
    }

    String hitWindow() {
        return hitWindow.toString();
    }

    /** Each of {@code experiment}'s variants' figures, with the hit rate and its 95% Wilson interval. */
    List<ExperimentReport.VariantReport> report(Experiment experiment) {
        Map<String, FigureStore.Counts> counts = store.counts(experiment.name());
        List<ExperimentReport.VariantReport> variants = new ArrayList<>();
        for (Experiment.Variant variant : experiment.variants()) {
            FigureStore.Counts tally = counts.getOrDefault(variant.name(), FigureStore.Counts.NONE);
            long users = tally.users();
            long withHit = tally.usersWithHit();
            variants.add(new ExperimentReport.VariantReport(
                    variant.name(),
                    variant.version(),
                    variant.share(),
                    users,
                    tally.lists(),
                    tally.hits(),
                    withHit,
                    users == 0 ? null : withHit / (double) users,
                    users == 0 ? null : ExperimentReport.Interval.wilson(withHit, users)));
        }
        return variants;
    }

    @Override
    public void close() {
        store.close();
    }

    private Counter counter(String name, String description, String experiment, String variant) {
        return Counter.builder(name)
                .description(description)
                .tag("experiment", experiment)
                .tag("variant", variant)
                .register(meters);
    }
}
