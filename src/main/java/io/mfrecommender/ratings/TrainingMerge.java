package io.mfrecommender.ratings;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.data.EventTable;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.versions.PostedRatings.Snapshot;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The ratings a new version trains on: the loaded data with the journal laid over it, the latest
 * rating per user and movie, removed ratings and erased users left out, in one new dataset; and the
 * events beside them, the loaded ones (of users not erased since) and the posted ones.
 */
final class TrainingMerge {

    private TrainingMerge() {}

    /**
     * @param base    the loaded data with each user's rows located
     * @param changes what the journal changed, by user
     * @param isErased whether a user's loaded ratings are erased (by an entry naming them or their digest)
     * @param through the journal position the result reflects
     */
    static Snapshot merge(
            LoadedData loaded,
            BaseIndex base,
            Map<Long, PostedRatingsStore.UserChanges> changes,
            BiPredicate<Long, PostedRatingsStore.UserChanges> isErased,
            long through) {
        Dataset ratings = loaded.ratings();
        DatasetBuilder merged = new DatasetBuilder();
        int posted = 0;
        int erased = 0;
        for (int u = 0; u < ratings.users().size(); u++) {
            long user = ratings.users().idOf(u);
            PostedRatingsStore.UserChanges changed = changes.get(user);
            if (isErased.test(user, changed)) {
                erased += changed == null || !changed.erased() ? 1 : 0;
                continue;
            }
            for (int row = base.offsets[u]; row < base.offsets[u + 1]; row++) {
                if (changed == null || !changed.movies().containsKey(ratings.itemId(row))) {
                    merged.add(user, ratings.itemId(row), ratings.rating(row), ratings.timestamp(row));
                }
            }
        }
        for (Map.Entry<Long, PostedRatingsStore.UserChanges> user : changes.entrySet()) {
            erased += user.getValue().erased() ? 1 : 0;
            for (Map.Entry<Long, PostedRatingsStore.Change> movie :
                    user.getValue().movies().entrySet()) {
                if (!movie.getValue().removed()) {
                    merged.add(
                            user.getKey(),
                            movie.getKey(),
                            movie.getValue().rating(),
                            movie.getValue().timestampMillis() / 1000);
                    posted++;
                }
            }
        }
        if (merged.size() == 0) {
            throw new IllegalStateException("no ratings are left once the journal's deletions are applied");
        }
        EventTable events = events(loaded.events(), changes, isErased);
        long postedEvents = 0;
        for (PostedRatingsStore.UserChanges changed : changes.values()) {
            for (Map<String, PostedRatingsStore.EventTally> types :
                    changed.events().values()) {
                for (PostedRatingsStore.EventTally tally : types.values()) {
                    postedEvents += tally.count();
                }
            }
        }
        String description = loaded.description() + " + " + posted + " posted ratings"
                + (postedEvents > 0 ? " + " + postedEvents + " posted events" : "")
                + (erased == 0 ? "" : ", " + erased + " users erased");
        return new Snapshot(
                new LoadedData(description, merged.build(ratings.scale()), loaded.report(), loaded.catalog(), events),
                through,
                ratings.fingerprint());
    }

    /** The loaded events of users not erased since, and every posted tally (times in seconds, as the file's). */
    private static EventTable events(
            EventTable loaded,
            Map<Long, PostedRatingsStore.UserChanges> changes,
            BiPredicate<Long, PostedRatingsStore.UserChanges> isErased) {
        boolean posted = changes.values().stream().anyMatch(c -> !c.events().isEmpty());
        if (!posted && loaded.isEmpty()) {
            return EventTable.EMPTY;
        }
        EventTable.Builder events = new EventTable.Builder();
        for (int e = 0; e < loaded.size(); e++) {
            long user = loaded.user(e);
            if (!isErased.test(user, changes.get(user))) {
                events.add(user, loaded.movie(e), loaded.type(e), loaded.count(e), loaded.lastSeconds(e));
            }
        }
        for (Map.Entry<Long, PostedRatingsStore.UserChanges> user : changes.entrySet()) {
            user.getValue()
                    .events()
                    .forEach((movie, types) -> types.forEach((type, tally) ->
                            events.add(user.getKey(), movie, type, tally.count(), tally.lastMillis() / 1000)));
        }
        return events.build();
    }
}
