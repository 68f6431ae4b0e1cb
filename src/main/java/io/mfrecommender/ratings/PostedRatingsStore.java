package io.mfrecommender.ratings;

import io.mfrecommender.api.StorageUnavailableException;
import io.mfrecommender.data.EventTable;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.RatingScale;
import io.mfrecommender.data.WriteFailedException;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.ratings.RatingLog.Entry;
import io.mfrecommender.training.EventWeights;
import io.mfrecommender.training.FoldIn;
import io.mfrecommender.versions.PostedRatings;
import io.micrometer.core.instrument.Timer;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the service knows of each user beyond its loaded data: the rating journal, replayed into
 * memory when the service opens it (with the data's rating scale, once the data is loaded) and
 * kept in step with every append. A user's ratings are the loaded data's (unless the user was
 * erased since) overlaid by their journal entries, latest per movie.
 *
 * <p>Every journal entry has a sequence number; a version's manifest records how far it was
 * trained ({@code postedThrough}), so serving it folds in exactly the users changed after that,
 * and a new version starts from the journal, not from an older version's overlay.
 *
 * <p>Erasure erases: soon after a user is erased ({@link CompactionSchedule#COMPACTION_DELAY}) the journal is
 * rewritten from the folded state, so the user's ratings and id leave the disk; the erasure
 * itself is kept as a keyed digest of the id, which still hides the user's loaded ratings and
 * vectors trained before. The journal is compacted the same way when it has grown to several
 * times what it holds.
 *
 * <p>Thread safety: appends, snapshots and compaction hold one lock, so a snapshot sees a prefix
 * of the journal; each user's changes are an immutable value replaced whole, so readers need no
 * lock.
 */
public final class PostedRatingsStore implements PostedRatings, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostedRatingsStore.class);

    /** A posted rating of one movie, or its removal ({@code rating} NaN). */
    record Change(float rating, long timestampMillis) {
        boolean removed() {
            return Float.isNaN(rating);
        }
    }

    /**
     * One user's journal: whether their loaded ratings were erased (and when), their posted changes
     * by movie, their events by movie and type, and the sequence number of their last entry.
     */
    record UserChanges(
            boolean erased,
            long erasedAt,
            Map<Long, Change> movies,
            Map<Long, Map<String, EventTally>> events,
            long sequence) {}

    /** A user's events of one type on one movie: how many, and when the last was (epoch millis). */
    public record EventTally(int count, long lastMillis) {

        /** Counts saturate here, as an events file's do: past it one more play says nothing new. */
        public static final int MOST = EventTable.MOST_COUNT;

        EventTally plus(int more, long at) {
            return new EventTally((int) Math.min(MOST, (long) count + more), Math.max(lastMillis, at));
        }
    }

    /** One rating as the service knows it. {@code posted}: from the journal rather than the loaded data. */
    public record UserRating(long movie, float rating, long timestampMillis, boolean posted) {}

    /** A user's ratings by movie id, with the journal position they reflect. */
    record Ratings(List<UserRating> ratings, long sequence) {}

    /** An erasure the journal names only by digest (after a compaction), and its sequence number. */
    record DigestErasure(long timestamp, long sequence) {}

    /** Why the last write failed, while writes are failing. */
    public record WriteFailure(Instant since, String reason) {}

    private final RatingLog journal;
    private final Object lock = new Object();
    private final PostedState state;
    /** For a shared log: users changed by entries read back and not yet handed to {@link #catchUp}. */
    private final Set<Long> unfoldedUsers = new HashSet<>();

    private final Set<String> unfoldedDigests = new HashSet<>();
    private final CompactionSchedule compactions = new CompactionSchedule(this::compact);
    private final WriteBreaker writes;
    private volatile boolean open;
    private volatile RatingScale scale;
    private volatile long sequence;
    private volatile BaseIndex base;
    private final UserFoldIn users;
    private final EventWeights events;
    private final MoviePlacement placement = new MoviePlacement();
    private int skippedAtOpen;

    /** The log is read by {@link #open} (or the first use), not here; events weighed by the defaults. */
    public PostedRatingsStore(RatingLog journal, Timer foldTimer) {
        this(journal, foldTimer, EventWeights.DEFAULTS);
    }

    /** @param events how the user's events count for the ranker at fold-in */
    public PostedRatingsStore(RatingLog journal, Timer foldTimer, EventWeights events) {
        this.journal = journal;
        this.events = events;
        this.users = new UserFoldIn(foldTimer, this, events);
        this.writes = new WriteBreaker(journal.describe());
        this.state = new PostedState(journal::erasureDigest);
    }

    /**
     * Replays the journal, keeping only what the API would have accepted: a rating outside
     * {@code scale} (when given) is skipped, counted and named in a warning, like any unreadable
     * line. A journal that cannot be read at all (a directory, say) stops the service with one line.
     */
    public void open(RatingScale scale) {
        synchronized (lock) {
            if (open) {
                return;
            }
            this.scale = scale;
            long started = System.nanoTime();
            List<String> refused = new ArrayList<>();
            int[] outOfScale = new int[1];
            boolean[] clearErasures = new boolean[1];
            int skipped;
            try {
                skipped = journal.replay((entry, seq, line) -> {
                    if (entry.kind() == Entry.Kind.RATING && scale != null && !scale.contains(entry.rating())) {
                        outOfScale[0]++;
                        if (refused.size() < 5) {
                            refused.add("line " + line + ": rating " + entry.rating() + " outside " + scale);
                        }
                        return;
                    }
                    clearErasures[0] |= entry.kind() == Entry.Kind.DELETE_USER;
                    apply(entry, seq);
                });
            } catch (UncheckedIOException e) {
                throw new IllegalStateException(
                        journal.shared()
                                ? "the ratings database cannot be read: " + e.getMessage()
                                : "recommender.ratings.journal: " + e.getMessage() + "; it must name a file the "
                                        + "service can read and write",
                        e);
            }
            if (!journal.shared()) {
                // A compacted journal keeps the last sequence number even where its entries are gone.
                sequence = Math.max(sequence, journal.lastSequence());
            }
            if (outOfScale[0] > 0) {
                log.warn(
                        "Rating journal {}: skipped {} ratings outside the rating scale, as the API would have: {}",
                        journal.describe(),
                        outOfScale[0],
                        refused);
            }
            skippedAtOpen = skipped + outOfScale[0];
            compactions.ran(state.liveEntries());
            open = true;
            if (sequence > 0 || skippedAtOpen > 0) {
                log.info(
                        "Replayed the rating journal {}: through entry {}, {} users, in {} ms{}",
                        journal.describe(),
                        sequence,
                        state.changes().size(),
                        (System.nanoTime() - started) / 1_000_000,
                        skippedAtOpen == 0 ? "" : " (" + skippedAtOpen + " lines skipped)");
            }
            if (clearErasures[0]) {
                compactSoon(); // an erasure written before compaction existed still names the user
            }
        }
    }

    private void ensureOpen() {
        if (!open) {
            open(null);
        }
    }

    /** Lines skipped when the journal was opened: unreadable, uncommitted or outside the scale. */
    public int skippedAtOpen() {
        return skippedAtOpen;
    }

    /** Entries applied so far (replayed and appended). */
    public long sequence() {
        ensureOpen();
        return sequence;
    }

    /** The same, without opening the journal (metrics read it before the service has). */
    public long sequenceSoFar() {
        return sequence;
    }

    public long journalBytes() {
        return journal.sizeBytes();
    }

    /**
     * Appends {@code entries} to the journal, forced to disk, then applies them; all or nothing.
     *
     * @throws WriteFailedException when the journal cannot be written; nothing was stored
     */
    public void append(List<Entry> entries) {
        ensureOpen();
        writes.check();
        synchronized (lock) {
            long last;
            try {
                last = journal.append(entries);
            } catch (WriteFailedException e) {
                writes.failed(e);
                throw e;
            }
            writes.succeeded(false);
            if (journal.shared()) {
                // Other replicas write too: apply in the log's order, theirs and this batch alike.
                while (sequence < last) {
                    long before = sequence;
                    readPage();
                    if (sequence == before) {
                        throw new IllegalStateException("entry " + last + " was committed but cannot be read back");
                    }
                }
                return;
            }
            long first = last - entries.size() + 1;
            for (int i = 0; i < entries.size(); i++) {
                apply(entries.get(i), first + i);
            }
            if (journal.compactable()) {
                compactions.appended(entries.size());
            }
        }
    }

    /**
     * {@link #append}, with a failed write answered as the API answers it: a 503 saying nothing of
     * the request was stored.
     */
    public void appendOrRefuse(List<Entry> entries) {
        try {
            append(entries);
        } catch (WriteFailedException e) {
            throw unavailable();
        }
    }

    /** The 503 of a write this log cannot take now; nothing of the request was stored. */
    public StorageUnavailableException unavailable() {
        return new StorageUnavailableException((journal.shared()
                        ? "the ratings database cannot be written now"
                        : "the rating journal cannot be written now (the disk may be full or read-only)")
                + "; nothing of this request was stored; retry after Retry-After seconds");
    }

    /** Users changed by entries read back from a shared log, and erasures of users known only by digest. */
    public record CaughtUp(Set<Long> users, Set<String> erasedDigests) {

        public boolean isEmpty() {
            return users.isEmpty() && erasedDigests.isEmpty();
        }
    }

    /**
     * Applies what other replicas committed to a shared log since this instance last read it, and
     * returns every user changed by entries read back since the last call (here, or by a write of
     * this instance that read the log back), for the caller to fold in. Nothing for a journal only
     * this process writes.
     *
     * @throws WriteFailedException when the log cannot be read now
     */
    public CaughtUp catchUp() {
        if (!journal.shared()) {
            return new CaughtUp(Set.of(), Set.of());
        }
        ensureOpen();
        synchronized (lock) {
            readAll();
            CaughtUp caught = new CaughtUp(Set.copyOf(unfoldedUsers), Set.copyOf(unfoldedDigests));
            unfoldedUsers.clear();
            unfoldedDigests.clear();
            return caught;
        }
    }

    /** Reads a shared log up to its end (as far as it was committed when each page was read). */
    private void readAll() {
        long before;
        do {
            before = sequence;
            readPage();
        } while (sequence > before);
    }

    private void readPage() {
        journal.readAfter(sequence, (entry, seq, line) -> {
            if (entry.kind() == Entry.Kind.RATING && scale != null && !scale.contains(entry.rating())) {
                sequence = Math.max(sequence, seq); // every instance's API refuses it; written by hand
                return;
            }
            Long user = apply(entry, seq);
            if (user != null) {
                unfoldedUsers.add(user);
            } else {
                unfoldedDigests.add(entry.digest());
            }
        });
    }

    /**
     * {@code serving} with the users of {@code caught} folded in: each changed user, and each of the
     * version's users whose erasure arrived by digest.
     */
    public ServingModel foldIn(ServingModel serving, CaughtUp caught) {
        return users.foldCaughtUp(serving, caught);
    }

    /** Whether other replicas write to the same log (a database). */
    public boolean shared() {
        return journal.shared();
    }

    /** Whether the log has been replayed (by the startup, which knows the rating scale). */
    public boolean isOpen() {
        return open;
    }

    /** Why writes are failing, while they are; empty once one succeeds. */
    public Optional<WriteFailure> writeFailure() {
        return writes.failure();
    }

    /** Writes refused for a failing journal, since the start. */
    public long writeFailures() {
        return writes.refused();
    }

    /**
     * Whether a write would succeed now (a small forced file beside a journal, a round trip to a
     * database), so health can say writes work again before a client tries one. Clears
     * {@link #writeFailure} on success.
     */
    public boolean probeWrites() {
        boolean works = journal.probeWrites();
        if (works) {
            writes.succeeded(true);
        }
        return works;
    }

    /**
     * Appends a removal of the user's rating of {@code movie} if they have one (checked and written
     * under one lock, so two concurrent removals write one entry); false when there was none.
     */
    public boolean removeRating(long user, long movie, long timestampMillis) {
        ensureOpen();
        synchronized (lock) {
            if (ratings(user).ratings().stream().noneMatch(r -> r.movie() == movie)) {
                return false;
            }
            append(List.of(Entry.deleteRating(user, movie, timestampMillis)));
            return true;
        }
    }

    /** How events count, and which types exist. */
    public EventWeights eventWeights() {
        return events;
    }

    /** The user's posted events by movie and type (an immutable value; empty for most users). */
    public Map<Long, Map<String, EventTally>> events(long user) {
        ensureOpen();
        return state.events(user);
    }

    /**
     * Appends a removal of the user's events of {@code type} on {@code movie} if they have any
     * (checked and written under one lock); false when there were none.
     */
    public boolean removeEvents(long user, long movie, String type, long timestampMillis) {
        ensureOpen();
        synchronized (lock) {
            if (!state.events(user).getOrDefault(movie, Map.of()).containsKey(type)) {
                return false;
            }
            append(List.of(Entry.deleteEvent(user, movie, type, timestampMillis)));
            return true;
        }
    }

    /** The user's ratings, loaded and posted, latest per movie, sorted by movie id. */
    public Ratings ratings(long user) {
        ensureOpen();
        return state.ratings(user, base);
    }

    /** The posted state: changes by user and erasures known by digest (live: read as it is now). */
    PostedState state() {
        return state;
    }

    /** Applies one entry; returns the user it changed, or null for an erasure of a user known only by digest. */
    private Long apply(Entry entry, long seq) {
        sequence = Math.max(sequence, seq);
        return state.apply(entry, seq, open && journal.shared());
    }

    @Override
    public Snapshot withPosted(LoadedData loaded) {
        open(loaded.ratings().scale());
        if (journal.shared()) {
            synchronized (lock) {
                readAll(); // what every replica acknowledged before now is in the snapshot
            }
        }
        if (base == null || base.data != loaded) {
            base = new BaseIndex(loaded);
        }
        synchronized (lock) {
            long through = sequence;
            if (state.isEmpty()) {
                return new Snapshot(loaded, through, loaded.ratings().fingerprint());
            }
            return TrainingMerge.merge(loaded, base, state.changes(), state::erased, through);
        }
    }

    @Override
    public ServingModel foldChangedSince(ServingModel serving, long through) {
        ensureOpen();
        return users.foldChangedSince(serving, through);
    }

    /**
     * {@code serving} with the user's latest ratings folded in, or unchanged when it already
     * reflects them (its overlay has their last entry, or its version was trained on it). The movies
     * the user rates, or rated before, that the version was not trained on are placed again from
     * their ratings ({@link #foldMovies}), and the user then again, so that their list leaves those
     * movies out too.
     */
    public ServingModel foldUser(ServingModel serving, long user) {
        ensureOpen();
        return users.foldUser(serving, user);
    }

    /**
     * {@code serving} with each of {@code movies} that its version was not trained on placed from the
     * posted ratings of it ({@link MoviePlacement}).
     */
    @Override
    public ServingModel foldMovies(ServingModel serving, Collection<Long> movies) {
        ensureOpen();
        return placement.place(serving, movies, state.changes());
    }

    /** The keyed digest the journal names {@code user} by once compacted. */
    String erasureDigest(long user) {
        return journal.erasureDigest(user);
    }

    /**
     * The user's ratings of the movies {@code serving}'s version was trained on, loaded and posted:
     * what fold-in solves the user's vectors from.
     */
    public TrainedRatings trainedRatings(ServingModel serving, long user) {
        ensureOpen();
        return UserFoldIn.trainedRatings(serving, ratings(user));
    }

    /**
     * The user's events on the movies {@code serving}'s version was trained on, as its ranker counts
     * them ({@link EventWeights}); none for a version whose ranker does not take events.
     */
    public FoldIn.RankerEvents rankerEvents(ServingModel serving, long user) {
        ensureOpen();
        return users.rankerEvents(serving, state.events(user));
    }

    /**
     * A user's ratings as model rows and values, in the same order.
     *
     * @param items   rows of the version's trained movies
     * @param ratings the user's rating of each
     */
    public record TrainedRatings(int[] items, float[] ratings) {}

    /** The fold-in of {@code model}'s version (one per version, cached): the solver that places users. */
    public FoldIn foldIn(FactorModel model) {
        return users.solver(model);
    }

    /** Compacts the journal {@link CompactionSchedule#COMPACTION_DELAY} from now, unless a compaction is already due. */
    public void compactSoon() {
        if (journal.compactable()) { // a database deletes an erased user's rows in place
            compactions.soon();
        }
    }

    /**
     * Rewrites the journal as the folded state: per user, one batch of their erasure (as a digest)
     * and their latest rating or removal per movie, under their own sequence number, and the
     * erasures known only by digest. Appends wait meanwhile. Nothing a user was told is lost; an
     * erased user's ratings and id are gone from the file.
     *
     * @throws WriteFailedException when the new journal cannot be written; the old one stays
     */
    public void compact() {
        ensureOpen();
        synchronized (lock) {
            compactions.starting();
            long started = System.nanoTime();
            long before = journal.sizeBytes();
            JournalCompaction.Rewrite rewrite =
                    JournalCompaction.rewrite(state.changes(), state.erasedDigests(), journal::erasureDigest);
            journal.rewrite(rewrite.batches());
            compactions.ran(state.liveEntries());
            log.info(
                    "Compacted the rating journal {}: {} users, {} erasures, {} -> {} bytes in {} ms",
                    journal.describe(),
                    rewrite.users(),
                    rewrite.erasures(),
                    before,
                    journal.sizeBytes(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Stops scheduled compactions; one already running finishes first. */
    @Override
    public void close() {
        compactions.close();
    }
}
