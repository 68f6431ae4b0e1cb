package io.mfrecommender.ratings;

import io.mfrecommender.data.IdIndex;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.RatingLog;
import io.mfrecommender.data.RatingLog.Entry;
import io.mfrecommender.data.RatingScale;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.UserOverlay;
import io.mfrecommender.training.FoldIn;
import io.mfrecommender.versions.PostedRatings;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Erasure erases: soon after a user is erased ({@link #COMPACTION_DELAY}) the journal is
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

    /** How soon after an erasure the journal is rewritten without the user: erasures close together share one rewrite. */
    public static final Duration COMPACTION_DELAY = Duration.ofSeconds(1);
    /** While writes fail, how often one is tried; the others are refused at once. */
    static final Duration RETRY_WHILE_FAILING = Duration.ofSeconds(1);
    /** A journal is compacted when it has grown by this many entries and by more than it holds. */
    static final long MIN_GROWTH_TO_COMPACT = 100_000;

    /** A posted rating of one movie, or its removal ({@code rating} NaN). */
    record Change(float rating, long timestampMillis) {
        boolean removed() {
            return Float.isNaN(rating);
        }
    }

    /**
     * One user's journal: whether their loaded ratings were erased (and when), their posted changes
     * by movie, and the sequence number of their last entry.
     */
    record UserChanges(boolean erased, long erasedAt, Map<Long, Change> movies, long sequence) {}

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
    private final Map<Long, UserChanges> changes = new ConcurrentHashMap<>();
    private final Map<String, DigestErasure> erasedDigests = new ConcurrentHashMap<>();
    /** For a shared log: users changed by entries read back and not yet handed to {@link #catchUp}. */
    private final Set<Long> unfoldedUsers = new HashSet<>();

    private final Set<String> unfoldedDigests = new HashSet<>();
    private final ScheduledExecutorService compactor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "journal-compaction");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean open;
    private volatile RatingScale scale;
    private volatile long sequence;
    private volatile BaseIndex base;
    private final UserFoldIn users;
    private final MoviePlacement placement = new MoviePlacement();
    private volatile WriteFailure writeFailure;
    private volatile long lastFailureNanos;
    private volatile boolean compactionScheduled;
    private long appendedSinceCompaction;
    private long entriesAtCompaction;
    private int skippedAtOpen;
    private final AtomicLong failures = new AtomicLong();

    /** The log is read by {@link #open} (or the first use), not here. */
    public PostedRatingsStore(RatingLog journal, Timer foldTimer) {
        this.journal = journal;
        this.users = new UserFoldIn(foldTimer);
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
            entriesAtCompaction = liveEntries();
            open = true;
            if (sequence > 0 || skippedAtOpen > 0) {
                log.info(
                        "Replayed the rating journal {}: through entry {}, {} users, in {} ms{}",
                        journal.describe(),
                        sequence,
                        changes.size(),
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
     * @throws RatingLog.WriteFailedException when the journal cannot be written; nothing was stored
     */
    public void append(List<Entry> entries) {
        ensureOpen();
        WriteFailure failing = writeFailure;
        if (failing != null && System.nanoTime() - lastFailureNanos < RETRY_WHILE_FAILING.toNanos()) {
            // While writes fail, one attempt per interval finds out whether they work again; the rest are
            // refused at once instead of each holding a request thread for a connection timeout.
            failures.incrementAndGet();
            throw new RatingLog.WriteFailedException(
                    failing.reason() + " (failing since " + failing.since() + ")", new IOException("failing"));
        }
        synchronized (lock) {
            long last;
            try {
                last = journal.append(entries);
            } catch (RatingLog.WriteFailedException e) {
                lastFailureNanos = System.nanoTime();
                failed(e);
                throw e;
            }
            if (writeFailure != null) {
                log.info("Rating journal writes succeed again (failing since {})", writeFailure.since());
                writeFailure = null;
            }
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
            appendedSinceCompaction += entries.size();
            if (appendedSinceCompaction > Math.max(MIN_GROWTH_TO_COMPACT, entriesAtCompaction)) {
                compactSoon();
            }
        }
    }

    private void failed(RatingLog.WriteFailedException e) {
        failures.incrementAndGet();
        if (writeFailure == null) {
            writeFailure = new WriteFailure(Instant.now(), e.getMessage());
            log.warn("Rating journal writes are failing ({}): {}", journal.describe(), e.getMessage());
        }
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
     * @throws RatingLog.WriteFailedException when the log cannot be read now
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
        ServingModel folded = serving;
        for (long user : caught.users()) {
            folded = foldUser(folded, user);
        }
        if (!caught.erasedDigests().isEmpty()) {
            IdIndex users = serving.model().users();
            for (int u = 0; u < users.size(); u++) {
                if (caught.erasedDigests().contains(journal.erasureDigest(users.idOf(u)))) {
                    folded = foldUser(folded, users.idOf(u));
                }
            }
        }
        return folded;
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
        return Optional.ofNullable(writeFailure);
    }

    /** Writes refused for a failing journal, since the start. */
    public long writeFailures() {
        return failures.get();
    }

    /**
     * Whether a write would succeed now (a small forced file beside a journal, a round trip to a
     * database), so health can say writes work again before a client tries one. Clears
     * {@link #writeFailure} on success.
     */
    public boolean probeWrites() {
        boolean works = journal.probeWrites();
        if (works) {
            writeFailure = null;
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

    /** Applies one entry; returns the user it changed, or null for an erasure of a user known only by digest. */
    private Long apply(Entry entry, long seq) {
        sequence = Math.max(sequence, seq);
        if (entry.kind() == Entry.Kind.ERASED) {
            Long user = changedUserWithDigest(entry.digest());
            if (user != null) { // another replica erased a user this one holds posted ratings of
                return apply(Entry.deleteUser(user, entry.timestamp()), seq);
            }
            erasedDigests.put(entry.digest(), new DigestErasure(entry.timestamp(), seq));
            return null;
        }
        UserChanges previous = changes.get(entry.user());
        boolean erased = previous != null && previous.erased();
        long erasedAt = previous == null ? 0 : previous.erasedAt();
        Map<Long, Change> movies = previous == null ? new HashMap<>() : new HashMap<>(previous.movies());
        switch (entry.kind()) {
            case RATING -> movies.put(entry.movie(), new Change(entry.rating(), entry.timestamp()));
            case DELETE_RATING -> movies.put(entry.movie(), new Change(Float.NaN, entry.timestamp()));
            case DELETE_USER -> {
                erased = true;
                erasedAt = entry.timestamp();
                movies.clear();
            }
            default -> throw new IllegalStateException("not a user's entry: " + entry.kind());
        }
        changes.put(entry.user(), new UserChanges(erased, erasedAt, Map.copyOf(movies), seq));
        return entry.user();
    }

    /**
     * The user with posted changes whom an erasure read back from a shared log names by digest, or
     * null. Looked for only once the log is open: at replay the database holds no row of an erased
     * user from before the erasure (it deletes them in the same transaction), and a journal's digest
     * erasure comes first in its user's compacted batch. Erasures are rare, so the digests are
     * computed when one arrives rather than kept for every user.
     */
    private Long changedUserWithDigest(String digest) {
        if (!open || !journal.shared()) {
            return null;
        }
        for (Long user : changes.keySet()) {
            if (digest.equals(journal.erasureDigest(user))) {
                return user;
            }
        }
        return null;
    }

    /** Whether the user's loaded ratings are erased: by an entry naming them, or one naming their digest. */
    private boolean erased(long user, UserChanges changed) {
        if (changed != null && changed.erased()) {
            return true;
        }
        return !erasedDigests.isEmpty() && erasedDigests.containsKey(journal.erasureDigest(user));
    }

    /** The user's ratings, loaded and posted, latest per movie, sorted by movie id. */
    public Ratings ratings(long user) {
        ensureOpen();
        UserChanges changed = changes.get(user);
        BaseIndex data = base;
        Map<Long, UserRating> byMovie = new HashMap<>();
        if (data != null && !erased(user, changed)) {
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
        long seq = changed == null ? 0 : changed.sequence();
        if (!erasedDigests.isEmpty()) {
            DigestErasure digest = erasedDigests.get(journal.erasureDigest(user));
            seq = digest == null ? seq : Math.max(seq, digest.sequence());
        }
        return new Ratings(sorted, seq);
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
            if (changes.isEmpty() && erasedDigests.isEmpty()) {
                return new Snapshot(loaded, through, loaded.ratings().fingerprint());
            }
            return TrainingMerge.merge(loaded, base, changes, this::erased, through);
        }
    }

    @Override
    public ServingModel foldChangedSince(ServingModel serving, long through) {
        ensureOpen();
        UserOverlay overlay = UserOverlay.empty();
        for (long user : changes.keySet()) {
            UserChanges changed = changes.get(user);
            if (changed != null && changed.sequence() > through) {
                overlay = overlay.with(fold(serving, user, ratings(user)));
            }
        }
        if (erasedDigests.values().stream().anyMatch(e -> e.sequence() > through)) {
            // Erased after this version was trained, and named only by digest: find them among its users.
            IdIndex users = serving.model().users();
            for (int u = 0; u < users.size(); u++) {
                long user = users.idOf(u);
                DigestErasure erasure =
                        changes.containsKey(user) ? null : erasedDigests.get(journal.erasureDigest(user));
                if (erasure != null && erasure.sequence() > through) {
                    overlay = overlay.with(UserOverlay.FoldedUser.unknown(user, erasure.sequence()));
                }
            }
        }
        ServingModel folded = serving.withOverlay(overlay);
        Set<Long> movies = new HashSet<>();
        for (UserChanges changed : changes.values()) {
            for (Map.Entry<Long, Change> movie : changed.movies().entrySet()) {
                if (!movie.getValue().removed() && serving.model().items().indexOrMinusOne(movie.getKey()) < 0) {
                    movies.add(movie.getKey());
                }
            }
        }
        if (movies.isEmpty()) {
            return folded;
        }
        // Movies rated since this version was trained, then their raters again so their lists leave them out.
        folded = foldMovies(folded, movies);
        UserOverlay refolded = folded.overlay();
        for (Map.Entry<Long, UserChanges> user : changes.entrySet()) {
            if (user.getValue().sequence() > through
                    && user.getValue().movies().keySet().stream().anyMatch(movies::contains)) {
                refolded = refolded.with(fold(folded, user.getKey(), ratings(user.getKey())));
            }
        }
        return folded.withOverlay(refolded);
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
        Ratings ratings = ratings(user);
        UserOverlay.FoldedUser present = serving.overlay().get(user);
        if (ratings.sequence() <= serving.model().manifest().postedThrough() && present == null
                || present != null && present.sequence() >= ratings.sequence()) {
            return serving;
        }
        ServingModel folded = serving.withOverlay(serving.overlay().with(fold(serving, user, ratings)));
        Set<Long> movies = new HashSet<>();
        for (UserRating rating : ratings.ratings()) {
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
        folded = foldMovies(folded, movies);
        return folded.withOverlay(folded.overlay().with(fold(folded, user, ratings)));
    }

    /**
     * {@code serving} with each of {@code movies} that its version was not trained on placed from the
     * posted ratings of it ({@link MoviePlacement}).
     */
    @Override
    public ServingModel foldMovies(ServingModel serving, Collection<Long> movies) {
        ensureOpen();
        return placement.place(serving, movies, changes);
    }

    private UserOverlay.FoldedUser fold(ServingModel serving, long user, Ratings ratings) {
        return users.fold(serving, user, ratings);
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

    /** Compacts the journal {@link #COMPACTION_DELAY} from now, unless a compaction is already due. */
    public void compactSoon() {
        if (!journal.compactable()) {
            return; // a database deletes an erased user's rows in place
        }
        synchronized (lock) {
            if (compactionScheduled || compactor.isShutdown()) {
                return;
            }
            compactionScheduled = true;
        }
        compactor.schedule(this::compactLogged, COMPACTION_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void compactLogged() {
        try {
            compact();
        } catch (RuntimeException e) {
            log.warn("Rating journal compaction failed, retrying in a minute: {}", e.getMessage());
            synchronized (lock) {
                compactionScheduled = true;
            }
            if (!compactor.isShutdown()) {
                compactor.schedule(this::compactLogged, 1, TimeUnit.MINUTES);
            }
        }
    }

    /**
     * Rewrites the journal as the folded state: per user, one batch of their erasure (as a digest)
     * and their latest rating or removal per movie, under their own sequence number, and the
     * erasures known only by digest. Appends wait meanwhile. Nothing a user was told is lost; an
     * erased user's ratings and id are gone from the file.
     *
     * @throws RatingLog.WriteFailedException when the new journal cannot be written; the old one stays
     */
    public void compact() {
        ensureOpen();
        synchronized (lock) {
            compactionScheduled = false;
            long started = System.nanoTime();
            long before = journal.sizeBytes();
            JournalCompaction.Rewrite rewrite =
                    JournalCompaction.rewrite(changes, erasedDigests, journal::erasureDigest);
            journal.rewrite(rewrite.batches());
            appendedSinceCompaction = 0;
            entriesAtCompaction = liveEntries();
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

    private long liveEntries() {
        long live = erasedDigests.size();
        for (UserChanges changed : changes.values()) {
            live += changed.movies().size() + (changed.erased() ? 1 : 0);
        }
        return live;
    }

    /** Stops scheduled compactions; one already running finishes first. */
    @Override
    public void close() {
        compactor.shutdown();
        try {
            compactor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
