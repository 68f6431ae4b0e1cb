package io.mfrecommender.ratings;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.RatingJournal;
import io.mfrecommender.data.RatingJournal.Entry;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.UserOverlay;
import io.mfrecommender.training.FoldIn;
import io.mfrecommender.versions.PostedRatings;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the service knows of each user beyond its loaded data: the rating journal, replayed into
 * memory at construction and kept in step with every append. A user's ratings are the loaded
 * data's (unless the user was erased since) overlaid by their journal entries, latest per movie.
 *
 * <p>Every journal entry has a sequence number (its position among the readable entries); a
 * version's manifest records how many it was trained on ({@code postedThrough}), so serving it
 * folds in exactly the users changed after that, and a new version starts from the journal, not
 * from an older version's overlay.
 *
 * <p>Thread safety: appends and snapshots hold one lock, so a snapshot sees a prefix of the
 * journal; each user's changes are an immutable value replaced whole, so readers need no lock.
 */
public final class PostedRatingsStore implements PostedRatings {

    private static final Logger log = LoggerFactory.getLogger(PostedRatingsStore.class);

    /** A posted rating of one movie, or its removal ({@code rating} NaN). */
    record Change(float rating, long timestampMillis) {
        boolean removed() {
            return Float.isNaN(rating);
        }
    }

    /**
     * One user's journal: whether their loaded ratings were erased, their posted changes by movie,
     * and the sequence number of their last entry.
     */
    record UserChanges(boolean erased, Map<Long, Change> movies, long sequence) {}

    /** One rating as the service knows it. {@code posted}: from the journal rather than the loaded data. */
    public record UserRating(long movie, float rating, long timestampMillis, boolean posted) {}

    /** A user's ratings by movie id, with the journal position they reflect. */
    record Ratings(List<UserRating> ratings, long sequence) {}

    private final RatingJournal journal;
    private final Timer foldTimer;
    private final Object lock = new Object();
    private final Map<Long, UserChanges> changes = new ConcurrentHashMap<>();
    private volatile long sequence;
    private volatile BaseIndex base;
    private volatile CachedFoldIn foldIn;

    /** Replays {@code journal} (a torn or malformed line is reported and skipped, never fatal). */
    public PostedRatingsStore(RatingJournal journal, Timer foldTimer) {
        this.journal = journal;
        this.foldTimer = foldTimer;
        long started = System.nanoTime();
        int skippedAtStart = journal.replay(this::apply);
        if (sequence > 0 || skippedAtStart > 0) {
            log.info(
                    "Replayed the rating journal {}: {} entries for {} users in {} ms{}",
                    journal.file().getFileName(),
                    sequence,
                    changes.size(),
                    (System.nanoTime() - started) / 1_000_000,
                    skippedAtStart == 0 ? "" : " (" + skippedAtStart + " unreadable lines skipped)");
        }
    }

    /** Entries applied so far (replayed and appended). */
    public long sequence() {
        return sequence;
    }

    public long journalBytes() {
        return journal.sizeBytes();
    }

    /** Appends {@code entries} to the journal, forced to disk, then applies them; all or nothing on disk failure. */
    public void append(List<Entry> entries) {
        synchronized (lock) {
            journal.append(entries);
            entries.forEach(this::apply);
        }
    }

    /**
     * Appends a removal of the user's rating of {@code movie} if they have one (checked and written
     * under one lock, so two concurrent removals write one entry); false when there was none.
     */
    public boolean removeRating(long user, long movie, long timestampMillis) {
        synchronized (lock) {
            if (ratings(user).ratings().stream().noneMatch(r -> r.movie() == movie)) {
                return false;
            }
            append(List.of(Entry.deleteRating(user, movie, timestampMillis)));
            return true;
        }
    }

    private void apply(Entry entry) {
        long seq = ++sequence;
        UserChanges previous = changes.get(entry.user());
        boolean erased = previous != null && previous.erased();
        Map<Long, Change> movies = previous == null ? new HashMap<>() : new HashMap<>(previous.movies());
        switch (entry.kind()) {
            case RATING -> movies.put(entry.movie(), new Change(entry.rating(), entry.timestamp()));
            case DELETE_RATING -> movies.put(entry.movie(), new Change(Float.NaN, entry.timestamp()));
            case DELETE_USER -> {
                erased = true;
                movies.clear();
            }
        }
        changes.put(entry.user(), new UserChanges(erased, Map.copyOf(movies), seq));
    }

    /** The user's ratings, loaded and posted, latest per movie, sorted by movie id. */
    public Ratings ratings(long user) {
        UserChanges changed = changes.get(user);
        BaseIndex data = base;
        Map<Long, UserRating> byMovie = new HashMap<>();
        if (data != null && (changed == null || !changed.erased())) {
            data.forEach(
                    user,
                    (movie, rating, timestamp) ->
                            byMovie.put(movie, new UserRating(movie, rating, timestamp * 1000, false)));
        }
        if (changed != null) {
            changed.movies().forEach((movie, change) -> {
                if (change.removed()) {
                    byMovie.remove(movie);
                } else {
                    byMovie.put(movie, new UserRating(movie, change.rating(), change.timestampMillis(), true));
                }
            });
        }
        List<UserRating> sorted = new ArrayList<>(byMovie.values());
        sorted.sort(Comparator.comparingLong(UserRating::movie));
        return new Ratings(sorted, changed == null ? 0 : changed.sequence());
    }

    @Override
    public Snapshot withPosted(LoadedData loaded) {
        if (base == null || base.data != loaded) {
            base = new BaseIndex(loaded);
        }
        synchronized (lock) {
            long through = sequence;
            if (changes.isEmpty()) {
                return new Snapshot(loaded, through);
            }
            Dataset ratings = loaded.ratings();
            DatasetBuilder merged = new DatasetBuilder();
            int posted = 0;
            int erased = 0;
            for (int u = 0; u < ratings.users().size(); u++) {
                long user = ratings.users().idOf(u);
                UserChanges changed = changes.get(user);
                if (changed != null && changed.erased()) {
                    continue;
                }
                for (int row = base.offsets[u]; row < base.offsets[u + 1]; row++) {
                    if (changed == null || !changed.movies().containsKey(ratings.itemId(row))) {
                        merged.add(user, ratings.itemId(row), ratings.rating(row), ratings.timestamp(row));
                    }
                }
            }
            for (Map.Entry<Long, UserChanges> user : changes.entrySet()) {
                erased += user.getValue().erased() ? 1 : 0;
                for (Map.Entry<Long, Change> movie : user.getValue().movies().entrySet()) {
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
            String description = loaded.description() + " + " + posted + " posted ratings"
                    + (erased == 0 ? "" : ", " + erased + " users erased");
            return new Snapshot(
                    new LoadedData(description, merged.build(ratings.scale()), loaded.report(), loaded.catalog()),
                    through);
        }
    }

    @Override
    public ServingModel foldChangedSince(ServingModel serving, long through) {
        UserOverlay overlay = UserOverlay.empty();
        for (long user : changes.keySet()) {
            UserChanges changed = changes.get(user);
            if (changed != null && changed.sequence() > through) {
                overlay = overlay.with(fold(serving.model(), user, ratings(user)));
            }
        }
        return serving.withOverlay(overlay);
    }

    /**
     * {@code serving} with the user's latest ratings folded in, or unchanged when it already
     * reflects them (its overlay has their last entry, or its version was trained on it).
     */
    public ServingModel foldUser(ServingModel serving, long user) {
        Ratings ratings = ratings(user);
        UserOverlay.FoldedUser present = serving.overlay().get(user);
        if (ratings.sequence() <= serving.model().manifest().postedThrough() && present == null
                || present != null && present.sequence() >= ratings.sequence()) {
            return serving;
        }
        return serving.withOverlay(serving.overlay().with(fold(serving.model(), user, ratings)));
    }

    private UserOverlay.FoldedUser fold(FactorModel model, long user, Ratings ratings) {
        long started = System.nanoTime();
        int[] items = new int[ratings.ratings().size()];
        float[] values = new float[items.length];
        int n = 0;
        for (UserRating rating : ratings.ratings()) {
            int item = model.items().indexOrMinusOne(rating.movie());
            if (item >= 0) { // a catalog movie the version was not trained on waits for the next version
                items[n] = item;
                values[n++] = rating.rating();
            }
        }
        if (n == 0) {
            return UserOverlay.FoldedUser.unknown(user, ratings.sequence());
        }
        items = Arrays.copyOf(items, n);
        values = Arrays.copyOf(values, n);
        FoldIn.Folded folded = foldInFor(model).fold(items, values);
        int[] rated = items.clone();
        Arrays.sort(rated);
        UserOverlay.FoldedUser entry = new UserOverlay.FoldedUser(
                user, folded.bias(), folded.vector(), folded.rankerVector(), rated, ratings.sequence());
        foldTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return entry;
    }

    /** One {@link FoldIn} per version: it holds the ranker's Gramian {@code HᵀH}, computed once. */
    private FoldIn foldInFor(FactorModel model) {
        CachedFoldIn cached = foldIn;
        if (cached == null || cached.model != model) {
            cached = new CachedFoldIn(model, FoldIn.forModel(model));
            foldIn = cached;
        }
        return cached.foldIn;
    }

    private record CachedFoldIn(FactorModel model, FoldIn foldIn) {}

    /** The loaded data with each user's rows located (rows are sorted by user). */
    private static final class BaseIndex {

        interface RatingSink {
            void accept(long movie, float rating, long timestamp);
        }

        final LoadedData data;
        final int[] offsets;

        BaseIndex(LoadedData data) {
            this.data = data;
            this.offsets = data.ratings().userOffsets();
        }

        void forEach(long user, RatingSink sink) {
            Dataset ratings = data.ratings();
            int u = ratings.users().indexOrMinusOne(user);
            if (u < 0) {
                return;
            }
            for (int row = offsets[u]; row < offsets[u + 1]; row++) {
                sink.accept(ratings.itemId(row), ratings.rating(row), ratings.timestamp(row));
            }
        }
    }
}
