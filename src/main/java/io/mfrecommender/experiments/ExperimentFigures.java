package io.mfrecommender.experiments;

import io.mfrecommender.data.RatingScale;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The experiments' figures: per variant the lists served, the hits, the users shown a list and the
 * users with a hit, and what was recently shown to whom to match later ratings against
 * ({@link RecentExposures}). A hit is a rating of at least 4 of 5 stars (scaled) posted for a movie
 * the user was shown by their variant at most {@code hitWindow} before; each (user, movie) counts
 * once. The report's unit is the user (share of exposed users with a hit), which keeps the users
 * independent for the confidence interval. Thread-safe.
 */
final class ExperimentFigures {

    /** One variant's figures; the user sets make the per-user rates and survive restarts in the record. */
    private static final class Tally {
        final LongAdder lists = new LongAdder();
        final LongAdder hits = new LongAdder();
        final Set<Long> users = ConcurrentHashMap.newKeySet();
        final Set<Long> usersWithHit = ConcurrentHashMap.newKeySet();
    }

    /** By experiment name, then variant name. */
    private final Map<String, Map<String, Tally>> tallies = new ConcurrentHashMap<>();

    private final RecentExposures recent;
    private final Duration hitWindow;
    private final MeterRegistry meters;
    private final Clock clock;

    ExperimentFigures(ExperimentProperties properties, MeterRegistry meters, Clock clock) {
        this.recent = new RecentExposures(
                properties.remembered(), properties.maxRememberedUsers(), properties.maxRememberedMovies(), meters);
        this.hitWindow = properties.hitWindow();
        this.meters = meters;
        this.clock = clock;
    }

    /** Empty figures for each of {@code experiment}'s variants (a start), unless it has some already. */
    void track(Experiment experiment) {
        tallies.computeIfAbsent(experiment.name(), name -> {
            Map<String, Tally> figures = new ConcurrentHashMap<>();
            experiment.variants().forEach(variant -> figures.put(variant.name(), new Tally()));
            return figures;
        });
    }

    /** {@code experiment}'s figures as its record holds them (after a restart). */
    void restore(Experiment experiment, Map<String, ExperimentRecords.StoredTally> stored) {
        track(experiment);
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

    /** {@code experiment}'s figures as its record keeps them; none before it is tracked. */
    Map<String, ExperimentRecords.StoredTally> stored(String experiment) {
        Map<String, ExperimentRecords.StoredTally> stored = new LinkedHashMap<>();
        tallies.getOrDefault(experiment, Map.of())
                .forEach((variant, tally) -> stored.put(
                        variant,
                        new ExperimentRecords.StoredTally(
                                tally.lists.sum(), tally.hits.sum(), sorted(tally.users), sorted(tally.usersWithHit))));
        return stored;
    }

    /** Forgets {@code experiment}'s figures (a start that did not take). */
    void untrack(String experiment) {
        tallies.remove(experiment);
    }

    /** Counts a list served to a user the version knows; false when the experiment is not tracked. */
    boolean served(long user, String experiment, String variant, long[] movies) {
        Tally tally = tallies.getOrDefault(experiment, Map.of()).get(variant);
        if (tally == null) {
            return false;
        }
        tally.lists.increment();
        tally.users.add(user);
        counter("recommender.experiment.recommendations", "Lists served in an experiment", experiment, variant)
                .increment();
        recent.remember(user, experiment, variant, movies, clock.millis());
        return true;
    }

    /** Counts a hit when the rating is relevant and of a movie recently shown to the user; false when none. */
    boolean rated(long user, long movie, float rating, RatingScale scale) {
        if (!scale.isLiked(rating)) {
            return false;
        }
        RecentExposures.Shown match = recent.take(user, movie, clock.millis() - hitWindow.toMillis());
        if (match == null) {
            return false;
        }
        Tally tally = tallies.getOrDefault(match.experiment(), Map.of()).get(match.variant());
        if (tally == null) {
            return false;
        }
        tally.hits.increment();
        tally.usersWithHit.add(user);
        counter(
                        "recommender.experiment.hits",
                        "Recommended movies rated relevant within the hit window",
                        match.experiment(),
                        match.variant())
                .increment();
        return true;
    }

    /** Forgets what was recently shown (an experiment's end). */
    void clearRecent() {
        recent.clear();
    }

    /**
     * Removes {@code users} from every experiment's figures and from what was recently shown.
     *
     * @return the experiments whose figures named any of them
     */
    List<String> erase(Collection<Long> users) {
        users.forEach(recent::forget);
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

    /** Whether any figures or memory name {@code user}. */
    boolean names(long user) {
        return recent.remembers(user)
                || tallies.values().stream()
                        .flatMap(figures -> figures.values().stream())
                        .anyMatch(tally -> tally.users.contains(user) || tally.usersWithHit.contains(user));
    }

    int rememberedUsers() {
        return recent.users();
    }

    String hitWindow() {
        return hitWindow.toString();
    }

    /** Each of {@code experiment}'s variants' figures, with the hit rate and its 95% Wilson interval. */
    List<ExperimentReport.VariantReport> report(Experiment experiment) {
        Map<String, Tally> figures = tallies.getOrDefault(experiment.name(), Map.of());
        List<ExperimentReport.VariantReport> variants = new ArrayList<>();
        for (Experiment.Variant variant : experiment.variants()) {
            Tally tally = figures.getOrDefault(variant.name(), new Tally());
            long users = tally.users.size();
            long withHit = tally.usersWithHit.size();
            variants.add(new ExperimentReport.VariantReport(
                    variant.name(),
                    variant.version(),
                    variant.share(),
                    users,
                    tally.lists.sum(),
                    tally.hits.sum(),
                    withHit,
                    users == 0 ? null : withHit / (double) users,
                    users == 0 ? null : ExperimentReport.Interval.wilson(withHit, users)));
        }
        return variants;
    }

    private Counter counter(String name, String description, String experiment, String variant) {
        return Counter.builder(name)
                .description(description)
                .tag("experiment", experiment)
                .tag("variant", variant)
                .register(meters);
    }

    private static long[] sorted(Set<Long> ids) {
        long[] values = ids.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(values);
        return values;
    }
}
