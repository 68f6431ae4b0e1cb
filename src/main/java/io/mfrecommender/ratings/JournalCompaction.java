package io.mfrecommender.ratings;

import io.mfrecommender.ratings.RatingLog.Entry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * What a compacted journal holds: per user, in the order of their last change, their live ratings
 * and removals, their events (one entry per movie and type, with the count and the last time), and their erasure named only by its keyed digest (the erased user's id leaves the
 * journal); erasures already known only by digest are kept as they are.
 */
final class JournalCompaction {

    /** The batches to write, and how many users and erasures they hold. */
    record Rewrite(List<RatingLog.Batch> batches, int users, long erasures) {}

    private JournalCompaction() {}

    static Rewrite rewrite(
            Map<Long, PostedRatingsStore.UserChanges> changes,
            Map<String, PostedRatingsStore.DigestErasure> erasedDigests,
            LongFunction<String> digestOf) {
        List<Map.Entry<Long, PostedRatingsStore.UserChanges>> users = new ArrayList<>(changes.entrySet());
        users.sort(Comparator.comparingLong(e -> e.getValue().sequence()));
        List<RatingLog.Batch> batches = new ArrayList<>(users.size() + erasedDigests.size());
        Map<String, PostedRatingsStore.DigestErasure> digests = new HashMap<>(erasedDigests);
        for (Map.Entry<Long, PostedRatingsStore.UserChanges> user : users) {
            PostedRatingsStore.UserChanges changed = user.getValue();
            List<Entry> entries = new ArrayList<>(changed.movies().size() + 1);
            if (changed.erased()) {
                String digest = digestOf.apply(user.getKey());
                digests.remove(digest);
                entries.add(Entry.erased(digest, changed.erasedAt()));
            }
            changed.movies().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(movie -> {
                        PostedRatingsStore.Change change = movie.getValue();
                        if (!change.removed()) {
                            entries.add(Entry.rating(
                                    user.getKey(), movie.getKey(), change.rating(), change.timestampMillis()));
                        } else if (!changed.erased()) {
                            entries.add(Entry.deleteRating(user.getKey(), movie.getKey(), change.timestampMillis()));
                        }
                    });
            changed.events().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(movie -> movie.getValue().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .forEach(type -> entries.add(Entry.event(
                                    user.getKey(),
                                    movie.getKey(),
                                    type.getKey(),
                                    type.getValue().count(),
                                    type.getValue().lastMillis()))));
            if (entries.isEmpty()) {
                continue; // every event removed and nothing else left: the user leaves the journal
            }
            batches.add(new RatingLog.Batch(entries, changed.sequence()));
        }
        digests.forEach((digest, erasure) -> batches.add(
                new RatingLog.Batch(List.of(Entry.erased(digest, erasure.timestamp())), erasure.sequence())));
        return new Rewrite(
                batches,
                users.size(),
                digests.size()
                        + users.stream().filter(u -> u.getValue().erased()).count());
    }
}
