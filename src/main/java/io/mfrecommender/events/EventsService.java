package io.mfrecommender.events;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.NotFoundException;
import io.mfrecommender.api.ProblemTypes;
import io.mfrecommender.api.Strategy;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.ratings.RatingLog.Entry;
import io.mfrecommender.ratings.RatingsService;
import io.mfrecommender.text.ClientText;
import io.mfrecommender.training.EventWeights;
import io.mfrecommender.versions.ModelVersions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;

/**
 * Events posted by users, applied at once as ratings are: the whole batch checked first (a known
 * type, a time not past the server's clock by more than the tolerance, a known movie), then forced
 * to the same log as ratings (the journal, or PostgreSQL for every replica), then the user folded
 * into the served version (their ranker vector re-solved with the new confidences; a dismissed
 * movie leaves their lists). A refused batch stores nothing. Erasing a user erases their events
 * with their ratings ({@link RatingsService#eraseUser}).
 */
public final class EventsService {

    /** Most (movie, type) pairs one page of {@code GET /users/{id}/events} holds. */
    public static final int MAX_PAGE = 1000;

    private final ModelVersions versions;
    private final PostedRatingsStore store;
    private final EventsProperties properties;
    private final EventWeights weights;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter accepted;

    public EventsService(
            ModelVersions versions,
            PostedRatingsStore store,
            EventsProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.versions = versions;
        this.store = store;
        this.properties = properties;
        this.weights = store.eventWeights();
        this.clock = clock;
        this.meters = meters;
        this.accepted = Counter.builder("recommender.events.accepted")
                .description("Posted events stored in the log and folded in")
                .register(meters);
    }

    /** Validates the whole batch, then stores it and folds the user in; 201 material. */
    public PostedEventsResult post(long user, JsonNode body) {
        ServingModel serving = versions.served().current();
        List<Entry> entries;
        try {
            entries = validate(user, EventBatch.from(body, properties.maxBatch()), serving);
        } catch (ErrorResponseException e) {
            Counter.builder("recommender.events.rejected")
                    .description("Event batches refused (nothing stored), by reason")
                    .tag("reason", RatingsService.reason(e))
                    .register(meters)
                    .increment();
            throw e;
        }
        store.appendOrRefuse(entries);
        int count = entries.stream().mapToInt(Entry::count).sum();
        accepted.increment(count);
        ServingModel updated = versions.update(current -> store.foldUser(current, user));
        Map<Long, Map<String, PostedRatingsStore.EventTally>> tallies = store.events(user);
        List<EventView> touched = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            PostedRatingsStore.EventTally tally =
                    tallies.getOrDefault(entry.movie(), Map.of()).get(entry.event());
            if (tally != null) {
                touched.add(view(updated, entry.movie(), entry.event(), tally));
            }
        }
        ServedUser served = updated.user(user);
        return new PostedEventsResult(
                user,
                count,
                touched,
                served.kind() == ServedUser.Kind.FOLDED_IN ? Strategy.FOLDED_IN : Strategy.POPULAR,
                updated.version());
    }

    /**
     * The batch as log entries, one per (movie, type) in the order of first appearance, each with its
     * number of events and the latest time among them.
     */
    private List<Entry> validate(long user, EventBatch batch, ServingModel serving) {
        long now = clock.millis();
        long latest = now + properties.futureTolerance().toMillis();
        Map<String, Entry> pairs = new LinkedHashMap<>();
        for (int i = 0; i < batch.events().size(); i++) {
            EventBatch.NewEvent event = batch.events().get(i);
            String name = "events[" + i + "]";
            if (!weights.known(event.type())) {
                throw new InvalidParameterException(
                        name + ".type",
                        name + ": unknown event type " + ClientText.quote(event.type()) + "; the types are "
                                + weights.describe() + "; nothing of the batch was stored");
            }
            long at = event.at() == null ? now : event.at().toEpochMilli();
            if (at > latest) {
                throw new InvalidParameterException(
                        name + ".at",
                        name + ": " + event.at() + " is in the future (the server's clock reads "
                                + Instant.ofEpochMilli(now) + ", tolerance " + properties.futureTolerance()
                                + "); nothing of the batch was stored");
            }
            if (at < 0) {
                throw new InvalidParameterException(
                        name + ".at", name + ": " + event.at() + " is before 1970; nothing of the batch was stored");
            }
            RatingsService.requireKnown(serving, name, event.movie());
            pairs.merge(
                    event.movie() + " " + event.type(),
                    Entry.event(user, event.movie(), event.type(), 1, at),
                    (a, b) -> Entry.event(user, a.movie(), a.event(), a.count() + 1, Math.max(a.timestamp(), at)));
        }
        return List.copyOf(pairs.values());
    }

    /** A page of the user's events by movie id, then type; 404 when the service has none. */
    public UserEventsPage list(long user, int limit, int offset) {
        InvalidParameterException.requireBetween("limit", limit, 1, MAX_PAGE);
        InvalidParameterException.requireBetween("offset", offset, 0, Integer.MAX_VALUE);
        ServingModel serving = versions.served().current();
        Map<Long, Map<String, PostedRatingsStore.EventTally>> tallies = store.events(user);
        if (tallies.isEmpty()) {
            throw new NotFoundException(
                    ProblemTypes.UNKNOWN_USER, "Unknown user", "the service has no events of user " + user);
        }
        List<EventView> all = new ArrayList<>();
        tallies.forEach((movie, types) ->
                types.forEach((type, tally) -> all.add(new EventView(movie, null, type, tally.count(), null))));
        all.sort(Comparator.comparingLong(EventView::movie).thenComparing(EventView::type));
        List<EventView> page = new ArrayList<>();
        for (int i = offset; i < all.size() && page.size() < limit; i++) {
            EventView bare = all.get(i);
            page.add(view(
                    serving,
                    bare.movie(),
                    bare.type(),
                    tallies.get(bare.movie()).get(bare.type())));
        }
        return new UserEventsPage(user, all.size(), offset, limit, page);
    }

    /** Removes the user's events of {@code type} on {@code movie} (journalled) and re-folds them; 404 when none. */
    public void delete(long user, long movie, String type) {
        versions.served().current();
        if (!store.removeEvents(user, movie, type, clock.millis())) {
            throw new NotFoundException(
                    ProblemTypes.UNKNOWN_EVENT,
                    "Unknown event",
                    "user " + user + " has no " + ClientText.quote(type) + " events on movie " + movie);
        }
        Counter.builder("recommender.events.deleted")
                .description("Removals of a user's events of one type on one movie")
                .register(meters)
                .increment();
        versions.update(current -> store.foldUser(current, user));
    }

    private static EventView view(ServingModel serving, long movie, String type, PostedRatingsStore.EventTally tally) {
        return new EventView(
                movie,
                serving.catalog().describe(movie).title(),
                type,
                tally.count(),
                Instant.ofEpochMilli(tally.lastMillis()));
    }
}
