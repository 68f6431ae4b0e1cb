package io.mfrecommender.ratings;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.NotFoundException;
import io.mfrecommender.api.ProblemTypes;
import io.mfrecommender.api.Strategy;
import io.mfrecommender.api.UnknownMovieException;
import io.mfrecommender.data.RatingScale;
import io.mfrecommender.data.WriteFailedException;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.ratings.RatingLog.Entry;
import io.mfrecommender.versions.ModelVersions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;

/**
 * Ratings posted by users, applied at once: each accepted batch is forced to the journal, then
 * the user is folded into both models of the served version (their bias and vectors re-solved
 * against the fixed item side) and published as a new snapshot, so the next {@code /predict} and
 * recommendations reflect it. A rejected batch stores nothing. Deleting a rating re-folds the
 * user; erasing a user drops every rating of theirs, loaded or posted, and their vectors.
 */
public final class RatingsService {

    /** Most ratings one page of {@code GET /users/{id}/ratings} holds. */
    public static final int MAX_PAGE = 1000;

    private final ModelVersions versions;
    private final PostedRatingsStore store;
    private final int maxBatch;
    private final Clock clock;
    private final Counter accepted;
    private final MeterRegistry meters;
    private final RatingListener listener;

    public RatingsService(
            ModelVersions versions,
            PostedRatingsStore store,
            RatingsProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this(versions, store, properties, meters, clock, RatingListener.NONE);
    }

    /** @param listener told of each stored rating (experiments count hits from them) */
    public RatingsService(
            ModelVersions versions,
            PostedRatingsStore store,
            RatingsProperties properties,
            MeterRegistry meters,
            Clock clock,
            RatingListener listener) {
        this.listener = listener;
        this.versions = versions;
        this.store = store;
        this.maxBatch = properties.maxBatch();
        this.clock = clock;
        this.meters = meters;
        this.accepted = Counter.builder("recommender.ratings.accepted")
                .description("Posted ratings stored in the journal and folded in")
                .register(meters);
    }

    /** Validates the whole batch against the served version, then stores and folds it; 201 material. */
    public PostedRatingsResult post(long user, JsonNode body) {
        ServingModel serving = versions.served().current();
        List<Entry> entries;
        try {
            entries = validate(user, RatingBatch.from(body, maxBatch), serving);
        } catch (ErrorResponseException e) {
            Counter.builder("recommender.ratings.rejected")
                    .description("Rating batches refused (nothing stored), by reason")
                    .tag("reason", reason(e))
                    .register(meters)
                    .increment();
            throw e;
        }
        store(entries);
        accepted.increment(entries.size());
        ServingModel updated = versions.update(current -> store.foldUser(current, user));
        for (Entry entry : entries) {
            listener.rated(user, entry.movie(), entry.rating(), serving.model().scale());
        }
        List<RatingView> stored = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            stored.add(view(updated, entry.movie(), entry.rating(), entry.timestamp(), true));
        }
        ServedUser served = updated.user(user);
        return new PostedRatingsResult(
                user,
                stored,
                store.ratings(user).ratings().size(),
                served.kind() == ServedUser.Kind.UNKNOWN ? Strategy.POPULAR : Strategy.FOLDED_IN,
                updated.version());
    }

    private List<Entry> validate(long user, RatingBatch batch, ServingModel serving) {
        RatingScale scale = serving.model().scale();
        long now = clock.millis();
        List<Entry> entries = new ArrayList<>(batch.ratings().size());
        for (int i = 0; i < batch.ratings().size(); i++) {
            RatingBatch.NewRating rating = batch.ratings().get(i);
            String name = "ratings[" + i + "]";
            requireKnown(serving, name, rating.movie());
            if (rating.rating() < scale.min() || rating.rating() > scale.max()) {
                throw new InvalidParameterException(
                        name + ".rating",
                        name + ": rating " + rating.rating() + " is outside the scale [" + scale.min() + ", "
                                + scale.max() + "]; nothing of the batch was stored");
            }
            entries.add(Entry.rating(user, rating.movie(), (float) rating.rating(), now));
        }
        return entries;
    }

    /** 404 naming entry {@code name} of a batch whose movie is neither in the catalog nor in the served version. */
    public static void requireKnown(ServingModel serving, String name, long movie) {
        if (serving.model().items().indexOrMinusOne(movie) < 0
                && serving.catalog().find(movie).isEmpty()) {
            throw UnknownMovieException.inBatch(name, movie, serving.version());
        }
    }

    /** The last part of a refused request's problem type: the reason a rejection counter is tagged with. */
    public static String reason(ErrorResponseException e) {
        String type = String.valueOf(e.getBody().getType());
        return type.substring(type.lastIndexOf('/') + 1);
    }

    /** A page of the user's ratings by movie id; 404 when the service has none. */
    public UserRatingsPage list(long user, int limit, int offset) {
        InvalidParameterException.requireBetween("limit", limit, 1, MAX_PAGE);
        InvalidParameterException.requireBetween("offset", offset, 0, Integer.MAX_VALUE);
        ServingModel serving = versions.served().current();
        List<PostedRatingsStore.UserRating> ratings = store.ratings(user).ratings();
        if (ratings.isEmpty()) {
            throw unknownUser(user);
        }
        List<RatingView> page = new ArrayList<>();
        for (int i = offset; i < ratings.size() && page.size() < limit; i++) {
            PostedRatingsStore.UserRating rating = ratings.get(i);
            page.add(view(serving, rating.movie(), rating.rating(), rating.timestampMillis(), rating.posted()));
        }
        return new UserRatingsPage(user, ratings.size(), offset, limit, page);
    }

    /** Removes the user's rating of {@code movie} (journalled) and re-folds them; 404 when they have none. */
    public void deleteRating(long user, long movie) {
        versions.served().current();
        boolean removed;
        try {
            removed = store.removeRating(user, movie, clock.millis());
        } catch (WriteFailedException e) {
            throw store.unavailable();
        }
        if (!removed) {
            throw new NotFoundException(
                    ProblemTypes.UNKNOWN_RATING, "Unknown rating", "user " + user + " has no rating of movie " + movie);
        }
        count("rating");
        versions.update(current -> store.foldUser(current, user));
    }

    /**
     * Erases the user: every rating, loaded or posted, and their vectors in the served version, in
     * one journalled entry that restarts and the next training job honour. 404 for a user the
     * service does not know.
     */
    public void eraseUser(long user) {
        ServingModel serving = versions.served().current();
        if (store.ratings(user).ratings().isEmpty()
                && store.events(user).isEmpty()
                && !serving.user(user).known()) {
            throw unknownUser(user);
        }
        store(List.of(Entry.deleteUser(user, clock.millis())));
        count("user");
        versions.update(current -> store.foldUser(current, user));
        listener.erased(user);
        store.compactSoon(); // the erased user's ratings and id leave the journal
    }

    /** The keyed digest an erased user is named by where a record of them must stay (the journal, the audit trail). */
    public String erasureDigest(long user) {
        return store.erasureDigest(user);
    }

    /** Forced to the journal, or a 503 saying nothing was stored. */
    private void store(List<Entry> entries) {
        store.appendOrRefuse(entries);
    }

    private void count(String kind) {
        Counter.builder("recommender.ratings.deleted")
                .description("Deletions: of one rating, or of a user (erasure)")
                .tag("kind", kind)
                .register(meters)
                .increment();
    }

    private static NotFoundException unknownUser(long user) {
        return new NotFoundException(
                ProblemTypes.UNKNOWN_USER, "Unknown user", "the service has no ratings of user " + user);
    }

    private static RatingView view(
            ServingModel serving, long movie, float rating, long timestampMillis, boolean posted) {
        return new RatingView(
                movie,
                serving.catalog().describe(movie).title(),
                rating,
                Instant.ofEpochMilli(timestampMillis),
                posted ? "posted" : "data");
    }
}
