package io.mfrecommender.ratings;

import io.mfrecommender.ratings.RatingLog.Entry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * What the journal says, folded: each user's posted changes (an immutable value replaced whole, so
 * readers need no lock) and the erasures it names only by digest. {@link PostedRatingsStore} applies
 * entries here under its lock, in the log's order; anyone reads.
 */
final class PostedState {

    private final Map<Long, PostedRatingsStore.UserChanges> changes = new ConcurrentHashMap<>();
    private final Map<String, PostedRatingsStore.DigestErasure> erasedDigests = new ConcurrentHashMap<>();
    private final LongFunction<String> digestOf;

    /** @param digestOf the keyed digest the journal names a user by once compacted */
    PostedState(LongFunction<String> digestOf) {
        this.digestOf = digestOf;
    }

    /** The posted changes by user (live). */
    Map<Long, PostedRatingsStore.UserChanges> changes() {
        return changes;
    }

    /** The erasures the journal names only by digest (live). */
    Map<String, PostedRatingsStore.DigestErasure> erasedDigests() {
        return erasedDigests;
    }

    boolean isEmpty() {
        return changes.isEmpty() && erasedDigests.isEmpty();
    }

    /**
     * Applies one entry; returns the user it changed, or null for an erasure of a user known only by
     * digest. {@code shared}: the entry was read back from a log other replicas write too, once open.
     */
    Long apply(Entry entry, long seq, boolean shared) {
        if (entry.kind() == Entry.Kind.ERASED) {
            Long user = shared ? changedUserWithDigest(entry.digest()) : null;
            if (user != null) { // another replica erased a user this one holds posted ratings of
                return apply(Entry.deleteUser(user, entry.timestamp()), seq, shared);
            }
            erasedDigests.put(entry.digest(), new PostedRatingsStore.DigestErasure(entry.timestamp(), seq));
            return null;
        }
        PostedRatingsStore.UserChanges previous = changes.get(entry.user());
        boolean erased = previous != null && previous.erased();
        long erasedAt = previous == null ? 0 : previous.erasedAt();
        Map<Long, PostedRatingsStore.Change> movies = previous == null ? Map.of() : previous.movies();
        Map<Long, Map<String, PostedRatingsStore.EventTally>> events = previous == null ? Map.of() : previous.events();
        switch (entry.kind()) {
            case RATING ->
                movies = with(movies, entry.movie(), new PostedRatingsStore.Change(entry.rating(), entry.timestamp()));
            case DELETE_RATING ->
                movies = with(movies, entry.movie(), new PostedRatingsStore.Change(Float.NaN, entry.timestamp()));
            case EVENT -> events = withEvent(events, entry);
            case DELETE_EVENT -> events = withoutEvent(events, entry);
            case DELETE_USER -> {
                erased = true;
                erasedAt = entry.timestamp();
                movies = Map.of();
                events = Map.of();
            }
            default -> throw new IllegalStateException("not a user's entry: " + entry.kind());
        }
        changes.put(entry.user(), new PostedRatingsStore.UserChanges(erased, erasedAt, movies, events, seq));
        return entry.user();
    }

    private static <K, V> Map<K, V> with(Map<K, V> map, K key, V value) {
        Map<K, V> copy = new HashMap<>(map);
        copy.put(key, value);
        return Map.copyOf(copy);
    }

    private static Map<Long, Map<String, PostedRatingsStore.EventTally>> withEvent(
            Map<Long, Map<String, PostedRatingsStore.EventTally>> events, Entry entry) {
        Map<String, PostedRatingsStore.EventTally> types = events.getOrDefault(entry.movie(), Map.of());
        PostedRatingsStore.EventTally tally = types.get(entry.event());
        PostedRatingsStore.EventTally updated = tally == null
                ? new PostedRatingsStore.EventTally(
                        Math.min(entry.count(), PostedRatingsStore.EventTally.MOST), entry.timestamp())
                : tally.plus(entry.count(), entry.timestamp());
        return with(events, entry.movie(), with(types, entry.event(), updated));
    }

    private static Map<Long, Map<String, PostedRatingsStore.EventTally>> withoutEvent(
            Map<Long, Map<String, PostedRatingsStore.EventTally>> events, Entry entry) {
        Map<String, PostedRatingsStore.EventTally> types = events.get(entry.movie());
        if (types == null || !types.containsKey(entry.event())) {
            return events;
        }
        Map<Long, Map<String, PostedRatingsStore.EventTally>> copy = new HashMap<>(events);
        Map<String, PostedRatingsStore.EventTally> left = new HashMap<>(types);
        left.remove(entry.event());
        if (left.isEmpty()) {
            copy.remove(entry.movie());
        } else {
            copy.put(entry.movie(), Map.copyOf(left));
        }
        return Map.copyOf(copy);
    }

    /** The user's posted events by movie and type (empty for an erased user or one without). */
    Map<Long, Map<String, PostedRatingsStore.EventTally>> events(long user) {
        PostedRatingsStore.UserChanges changed = changes.get(user);
        return changed == null ? Map.of() : changed.events();
    }

    /**
     * The user with posted changes whom an erasure read back from a shared log names by digest, or
     * null. Looked for only once the log is open: at replay the database holds no row of an erased
     * user from before the erasure (it deletes them in the same transaction), and a journal's digest
     * erasure comes first in its user's compacted batch. Erasures are rare, so the digests are
     * computed when one arrives rather than kept for every user.
     */
    private Long changedUserWithDigest(String digest) {
        for (Long user : changes.keySet()) {
            if (digest.equals(digestOf.apply(user))) {
                return user;
            }
        }
        return null;
    }

    /** Whether the user's loaded ratings are erased: by an entry naming them, or one naming their digest. */
    boolean erased(long user, PostedRatingsStore.UserChanges changed) {
        if (changed != null && changed.erased()) {
            return true;
        }
        return !erasedDigests.isEmpty() && erasedDigests.containsKey(digestOf.apply(user));
    }

    /** The user's ratings, loaded and posted, latest per movie, sorted by movie id. */
    PostedRatingsStore.Ratings ratings(long user, BaseIndex data) {
        PostedRatingsStore.UserChanges changed = changes.get(user);
        Map<Long, PostedRatingsStore.UserRating> byMovie = new HashMap<>();
        if (data != null && !erased(user, changed)) {
            data.forEach(
                    user,
                    (movie, rating, timestamp) -> byMovie.put(
                            movie, new PostedRatingsStore.UserRating(movie, rating, timestamp * 1000, false)));
        }
        if (changed != null) {
            changed.movies().forEach((movie, change) -> {
                if (change.removed()) {
                    byMovie.remove(movie);
                } else {
                    byMovie.put(
                            movie,
                            new PostedRatingsStore.UserRating(movie, change.rating(), change.timestampMillis(), true));
                }
            });
        }
        List<PostedRatingsStore.UserRating> sorted = new ArrayList<>(byMovie.values());
        sorted.sort(Comparator.comparingLong(PostedRatingsStore.UserRating::movie));
        long seq = changed == null ? 0 : changed.sequence();
        if (!erasedDigests.isEmpty()) {
            PostedRatingsStore.DigestErasure digest = erasedDigests.get(digestOf.apply(user));
            seq = digest == null ? seq : Math.max(seq, digest.sequence());
        }
        return new PostedRatingsStore.Ratings(sorted, seq);
    }

    /** Entries a compacted journal would hold: one per live change and erasure. */
    long liveEntries() {
        long live = erasedDigests.size();
        for (PostedRatingsStore.UserChanges changed : changes.values()) {
            live += changed.movies().size() + (changed.erased() ? 1 : 0);
            for (Map<String, PostedRatingsStore.EventTally> types :
                    changed.events().values()) {
                live += types.size();
            }
        }
        return live;
    }
}
