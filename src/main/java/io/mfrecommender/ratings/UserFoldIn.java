package io.mfrecommender.ratings;

import io.mfrecommender.data.IdIndex;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.UserOverlay;
import io.mfrecommender.training.EventWeights;
import io.mfrecommender.training.FoldIn;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Fold-in of users: a user's vectors in both models re-solved from their ratings, loaded and
 * posted, against the fixed item side of the served version ({@link FoldIn}, one solver per version,
 * cached: it holds the ranker's Gramian {@code HᵀH}). A movie placed after training counts for the
 * movie's vectors, not the user's; it is left out of their list like the others.
 */
final class UserFoldIn {

    private final PerVersion<FoldIn> solvers = new PerVersion<>(FoldIn::forModel);
    private final Timer timer;
    private final PostedRatingsStore store;
    private final EventWeights events;

    /**
     * @param timer records each fold ({@code recommender.ratings.fold-in})
     * @param store whose ratings users are folded from
     */
    UserFoldIn(Timer timer, PostedRatingsStore store, EventWeights events) {
        this.timer = timer;
        this.store = store;
        this.events = events;
    }

    /** {@link PostedRatingsStore#foldUser}: the user, then the new movies they rate and them again. */
    ServingModel foldUser(ServingModel serving, long user) {
        PostedRatingsStore.Ratings ratings = store.ratings(user);
        UserOverlay.FoldedUser present = serving.overlay().get(user);
        // A user with events is folded into every version: their dismissals and seen movies live in the overlay.
        boolean hasEvents = !store.state().events(user).isEmpty();
        if (ratings.sequence() <= serving.model().manifest().postedThrough() && present == null && !hasEvents
                || present != null && present.sequence() >= ratings.sequence()) {
            return serving;
        }
        ServingModel folded = serving.withOverlay(serving.overlay().with(fold(serving, user, ratings)));
        Set<Long> movies = new HashSet<>();
        for (PostedRatingsStore.UserRating rating : ratings.ratings()) {
            if (serving.model().items().indexOrMinusOne(rating.movie()) < 0) {
                movies.add(rating.movie());
            }
        }
        if (present != null) {
            for (int item : present.ratedItems()) {
                if (item >= serving.model().items().size()) {
                    movies.add(serving.itemId(item));
                }
            }
        }
        if (movies.isEmpty()) {
            return folded;
        }
        folded = store.foldMovies(folded, movies);
        return folded.withOverlay(folded.overlay().with(fold(folded, user, ratings)));
    }

    /** {@link PostedRatingsStore#foldChangedSince}: every user changed after {@code through}, erasures by digest included. */
    ServingModel foldChangedSince(ServingModel serving, long through) {
        UserOverlay overlay = UserOverlay.empty();
        for (long user : store.state().changes().keySet()) {
            PostedRatingsStore.UserChanges changed = store.state().changes().get(user);
            if (changed != null
                    && (changed.sequence() > through || !changed.events().isEmpty())) {
                overlay = overlay.with(fold(serving, user, store.ratings(user)));
            }
        }
        if (store.state().erasedDigests().values().stream().anyMatch(e -> e.sequence() > through)) {
            // Erased after this version was trained, and named only by digest: find them among its users.
            IdIndex users = serving.model().users();
            for (int u = 0; u < users.size(); u++) {
                long user = users.idOf(u);
                PostedRatingsStore.DigestErasure erasure =
                        store.state().changes().containsKey(user)
                                ? null
                                : store.state().erasedDigests().get(store.erasureDigest(user));
                if (erasure != null && erasure.sequence() > through) {
                    overlay = overlay.with(UserOverlay.FoldedUser.unknown(user, erasure.sequence()));
                }
            }
        }
        ServingModel folded = serving.withOverlay(overlay);
        Set<Long> movies = new HashSet<>();
        for (PostedRatingsStore.UserChanges changed : store.state().changes().values()) {
            for (Map.Entry<Long, PostedRatingsStore.Change> movie :
                    changed.movies().entrySet()) {
                if (!movie.getValue().removed() && serving.model().items().indexOrMinusOne(movie.getKey()) < 0) {
                    movies.add(movie.getKey());
                }
            }
        }
        if (movies.isEmpty()) {
            return folded;
        }
        // Movies rated since this version was trained, then their raters again so their lists leave them out.
        folded = store.foldMovies(folded, movies);
        UserOverlay refolded = folded.overlay();
        for (Map.Entry<Long, PostedRatingsStore.UserChanges> user :
                store.state().changes().entrySet()) {
            if (user.getValue().sequence() > through
                    && user.getValue().movies().keySet().stream().anyMatch(movies::contains)) {
                refolded = refolded.with(fold(folded, user.getKey(), store.ratings(user.getKey())));
            }
        }
        return folded.withOverlay(refolded);
    }

    /** {@link PostedRatingsStore#foldIn(ServingModel, PostedRatingsStore.CaughtUp)}: what a shared log brought. */
    ServingModel foldCaughtUp(ServingModel serving, PostedRatingsStore.CaughtUp caught) {
        ServingModel folded = serving;
        for (long user : caught.users()) {
            folded = foldUser(folded, user);
        }
        if (!caught.erasedDigests().isEmpty()) {
            IdIndex users = serving.model().users();
            for (int u = 0; u < users.size(); u++) {
                if (caught.erasedDigests().contains(store.erasureDigest(users.idOf(u)))) {
                    folded = foldUser(folded, users.idOf(u));
                }
            }
        }
        return folded;
    }

    /** The solver of {@code model}'s version. */
    FoldIn solver(FactorModel model) {
        return solvers.get(model);
    }

    /** {@code user} re-solved from {@code ratings} against {@code serving}'s fixed item side. */
    UserOverlay.FoldedUser fold(ServingModel serving, long user, PostedRatingsStore.Ratings ratings) {
        long started = System.nanoTime();
        PostedRatingsStore.TrainedRatings trained = trainedRatings(serving, ratings);
        Map<Long, Map<String, PostedRatingsStore.EventTally>> posted =
                store.state().events(user);
        int[] dismissed = dismissed(serving, posted);
        FoldIn.RankerEvents counted = rankerEvents(serving, posted);
        if (trained.items().length == 0 && !positive(counted)) {
            return UserOverlay.FoldedUser.unknown(user, dismissed, ratings.sequence());
        }
        FoldIn.Folded folded = solver(serving.model()).fold(trained.items(), trained.ratings(), counted);
        // A movie placed after training counts for the movie's vectors, not the user's; it is left
        // out of their list like the others.
        int[] rated = Arrays.copyOf(trained.items(), ratings.ratings().size());
        int r = trained.items().length;
        for (PostedRatingsStore.UserRating rating : ratings.ratings()) {
            int served = serving.itemIndex(rating.movie());
            if (served >= serving.model().items().size()) {
                rated[r++] = served;
            }
        }
        rated = Arrays.copyOf(rated, r);
        rated = withInteracted(serving, rated, posted);
        UserOverlay.FoldedUser entry = new UserOverlay.FoldedUser(
                user, folded.bias(), folded.vector(), folded.rankerVector(), rated, dismissed, ratings.sequence());
        timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return entry;
    }

    /**
     * {@code rated} with the movies the user has events of a positive type on (viewed, played,
     * listed, bought: already theirs), sorted and each once: what a list leaves out unless asked
     * to keep what the user rated.
     */
    private int[] withInteracted(
            ServingModel serving, int[] rated, Map<Long, Map<String, PostedRatingsStore.EventTally>> posted) {
        java.util.stream.IntStream interacted = posted.entrySet().stream()
                .filter(movie -> movie.getValue().keySet().stream().anyMatch(events::isPositive))
                .mapToInt(movie -> serving.itemIndex(movie.getKey()))
                .filter(item -> item >= 0);
        return java.util.stream.IntStream.concat(Arrays.stream(rated), interacted)
                .sorted()
                .distinct()
                .toArray();
    }

    /** Served indices of the movies the user is not interested in, sorted. */
    private int[] dismissed(ServingModel serving, Map<Long, Map<String, PostedRatingsStore.EventTally>> posted) {
        if (posted.isEmpty()) {
            return new int[0];
        }
        return posted.entrySet().stream()
                .filter(movie -> movie.getValue().containsKey(events.negative()))
                .mapToInt(movie -> serving.itemIndex(movie.getKey()))
                .filter(item -> item >= 0)
                .sorted()
                .toArray();
    }

    /**
     * The user's events on the movies the version was trained on, as the ranker counts them
     * ({@link EventWeights}): per movie the sum of its types' strengths, or for a dismissed movie
     * the negative weight, negated; none for a version whose ranker does not take events.
     */
    FoldIn.RankerEvents rankerEvents(
            ServingModel serving, Map<Long, Map<String, PostedRatingsStore.EventTally>> posted) {
        if (!solver(serving.model()).countsEvents()) {
            return FoldIn.RankerEvents.NONE;
        }
        int[] items = new int[posted.size()];
        float[] weights = new float[items.length];
        int n = 0;
        long latest = 0; // the user's latest event, in seconds as the training data counts them
        for (Map<String, PostedRatingsStore.EventTally> types : posted.values()) {
            for (PostedRatingsStore.EventTally tally : types.values()) {
                latest = Math.max(latest, tally.lastMillis() / 1000);
            }
        }
        for (Map.Entry<Long, Map<String, PostedRatingsStore.EventTally>> movie : posted.entrySet()) {
            int item = serving.model().items().indexOrMinusOne(movie.getKey());
            if (item < 0) {
                continue;
            }
            double weight = 0;
            if (movie.getValue().containsKey(events.negative())) {
                weight = -events.negativeWeight();
            } else {
                for (Map.Entry<String, PostedRatingsStore.EventTally> type :
                        movie.getValue().entrySet()) {
                    weight += events.strength(
                            type.getKey(),
                            type.getValue().count(),
                            type.getValue().lastMillis() / 1000,
                            latest);
                }
            }
            if (weight != 0) {
                items[n] = item;
                weights[n++] = (float) weight;
            }
        }
        return new FoldIn.RankerEvents(Arrays.copyOf(items, n), Arrays.copyOf(weights, n));
    }

    private static boolean positive(FoldIn.RankerEvents events) {
        for (float weight : events.weights()) {
            if (weight > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The user's ratings of the movies {@code serving}'s version was trained on: what fold-in solves
     * the user's vectors from.
     */
    static PostedRatingsStore.TrainedRatings trainedRatings(ServingModel serving, PostedRatingsStore.Ratings ratings) {
        FactorModel model = serving.model();
        int[] items = new int[ratings.ratings().size()];
        float[] values = new float[items.length];
        int n = 0;
        for (PostedRatingsStore.UserRating rating : ratings.ratings()) {
            int item = model.items().indexOrMinusOne(rating.movie());
            if (item >= 0) {
                items[n] = item;
                values[n++] = rating.rating();
            }
        }
        return new PostedRatingsStore.TrainedRatings(Arrays.copyOf(items, n), Arrays.copyOf(values, n));
    }
}
