package io.mfrecommender.experiments;

import io.mfrecommender.data.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The figures and the memory of what was shown, in PostgreSQL, shared by every replica: tables
 * {@code experiment_exposures} (user, experiment, movie, variant, when shown) and
 * {@code experiment_users} (per experiment and exposed user: variant, lists, hits). A list served
 * by one replica and a liked rating posted to another meet there, and both survive restarts.
 *
 * <p>Nothing on the request path waits for the database: lists served and liked ratings are queued
 * (at most {@value #QUEUE} waiting; past that they are dropped and counted,
 * {@code recommender.experiment.shared.dropped}) and written in order, in batches, by one
 * background thread, which retries a batch until the database takes it. A liked rating is matched
 * by deleting the showing it matches ({@code DELETE … RETURNING}), so a showing is a hit at most
 * once whichever replica matched it. Bounds: the {@code remembered} newest showings per user (the
 * older ones are deleted as new ones arrive), and, every {@value #PRUNE_MS} ms, showings older than
 * the hit window deleted and the oldest deleted past {@code max-remembered-movies} over all users
 * ({@code recommender.experiment.shared.evicted}). The number of users is not bounded separately.
 * The report reads the figures when asked; while the database cannot be read it gives the last
 * figures it read.
 */
final class PostgresFigureStore implements FigureStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresFigureStore.class);
    static final int QUEUE = 10_000;
    private static final int BATCH = 500;
    static final long PRUNE_MS = 10_000;
    /** The longest wait between two tries while the database refuses. */
    static final long MOST_BACKOFF_MS = 16_000;
    /** Key of the advisory lock that lets one replica at a time prune ("mfexpose"). */
    private static final long PRUNE_LOCK = 0x6d66_6578_706f_7365L;

    private sealed interface Op permits Shown, Liked, Clear, Erase, Flush {}

    private record Shown(long user, String experiment, String variant, long[] movies, long at) implements Op {}

    private record Liked(long user, long movie, long since, HitListener hits) implements Op {}

    private record Clear(String experiment) implements Op {}

    private record Erase(List<Long> users, CompletableFuture<Void> done) implements Op {}

    /** Done once everything queued before it is written and, when {@code prune}, the memory pruned. */
    private record Flush(CompletableFuture<Void> done, boolean prune) implements Op {}

    /** A hit counted in a batch: told to its listener once the batch is committed. */
    private record Hit(HitListener listener, String experiment, String variant) {}

    private final Database database;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final int perUser;
    private final long maxMovies;
    private final long hitWindowMillis;
    private final BlockingQueue<Op> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Counter dropped;
    private final Counter evicted;
    private final AtomicLong remembered = new AtomicLong();
    /** Figures an experiment's record held from before it was shared (a store switched to postgres). */
    private final Map<String, Map<String, ExperimentRecords.StoredTally>> recorded = new ConcurrentHashMap<>();
    /** The figures last read, per experiment: what the report gives while the database cannot be read. */
    private final Map<String, Map<String, Counts>> lastRead = new ConcurrentHashMap<>();

    private final Thread writer;
    private volatile boolean closing;
    private long lastPrune;

    PostgresFigureStore(Database database, ExperimentProperties properties, MeterRegistry meters, Clock clock) {
        this.database = database;
        this.jdbc = new JdbcTemplate(database.dataSource());
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
        this.clock = clock;
        this.perUser = properties.remembered();
        this.maxMovies = properties.maxRememberedMovies();
        this.hitWindowMillis = properties.hitWindow().toMillis();
        this.dropped = Counter.builder("recommender.experiment.shared.dropped")
                .description("Lists served or liked ratings not written to the shared figures: the queue was full")
                .register(meters);
        this.evicted = Counter.builder("recommender.experiment.shared.evicted")
                .description("Shown movies forgotten to keep the shared memory within max-remembered-movies")
                .register(meters);
        Gauge.builder("recommender.experiment.shared.pending", queue, BlockingQueue::size)
                .description("Lists served and liked ratings waiting to be written to the shared figures")
                .register(meters);
        Gauge.builder("recommender.experiment.remembered.movies", remembered, AtomicLong::get)
                .description("Recommended movies remembered to count hits, over all users (as last counted)")
                .register(meters);
        this.writer = new Thread(this::write, "experiment-figures");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void track(Experiment experiment) {}

    @Override
    public void restore(Experiment experiment, Map<String, ExperimentRecords.StoredTally> stored) {
        if (!stored.isEmpty()) {
            recorded.put(experiment.name(), stored);
        }
    }

    @Override
    public Map<String, ExperimentRecords.StoredTally> stored(String experiment) {
        return recorded.getOrDefault(experiment, Map.of());
    }

    @Override
    public boolean served(long user, String experiment, String variant, long[] movies, long at) {
        enqueue(new Shown(user, experiment, variant, movies.clone(), at));
        return false;
    }

    @Override
    public boolean liked(long user, long movie, long since, HitListener hits) {
        enqueue(new Liked(user, movie, since, hits));
        return false;
    }

    /** Waits up to a second for room in the queue (an end is rare); past that the prune forgets them in time. */
    @Override
    public void clearRecent(String experiment) {
        try {
            if (!queue.offer(new Clear(experiment), 1, TimeUnit.SECONDS)) {
                dropped.increment();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the erasure is written (an erasure is never dropped); throws when it cannot be now. */
    @Override
    public List<String> erase(Collection<Long> users) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        await(new Erase(List.copyOf(users), done), done);
        return List.of();
    }

    /** Waits until everything queued before is written: for tests and shutdown. */
    void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        await(new Flush(done, false), done);
    }

    /** {@link #flush()}, then prunes the memory as the writer does every {@value #PRUNE_MS} ms: for tests. */
    void prune() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        await(new Flush(done, true), done);
    }

    @Override
    public boolean names(long user) {
        Boolean named = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM experiment_exposures WHERE user_id = ?)"
                        + " OR EXISTS (SELECT 1 FROM experiment_users WHERE user_id = ?)",
                Boolean.class,
                user,
                user);
        return Boolean.TRUE.equals(named);
    }

    @Override
    public int rememberedUsers() {
        Integer users = jdbc.queryForObject("SELECT count(DISTINCT user_id) FROM experiment_exposures", Integer.class);
        return users == null ? 0 : users;
    }

    @Override
    public Map<String, Counts> counts(String experiment) {
        try {
            database.migrate();
            Map<String, Counts> counts = new LinkedHashMap<>();
            jdbc.query(
                    "SELECT variant, count(*), sum(lists), sum(hits), count(*) FILTER (WHERE hits > 0)"
                            + " FROM experiment_users WHERE experiment = ? GROUP BY variant ORDER BY variant",
                    row -> {
                        counts.put(
                                row.getString(1),
                                new Counts(row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5)));
                    },
                    experiment);
            if (counts.isEmpty() && recorded.containsKey(experiment)) {
                recorded.get(experiment)
                        .forEach((variant, tally) -> counts.put(
                                variant,
                                new Counts(
                                        tally.users().length,
                                        tally.lists(),
                                        tally.hits(),
                                        tally.usersWithHit().length)));
            }
            lastRead.put(experiment, counts);
            return counts;
        } catch (RuntimeException e) {
            log.warn(
                    "Experiment {}: the shared figures cannot be read now ({}); reporting the last read",
                    experiment,
                    e.getClass().getSimpleName());
            return lastRead.getOrDefault(experiment, Map.of());
        }
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** Writes what is queued (for at most 5 s) and stops the writer. */
    @Override
    public void close() {
        try {
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (queue.offer(new Flush(done, false), 1, TimeUnit.SECONDS)) {
                done.get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Experiment figures still queued at shutdown were not written: {}", queue.size());
        }
        closing = true;
        writer.interrupt();
    }

    private void enqueue(Op op) {
        if (!queue.offer(op)) {
            dropped.increment();
        }
    }

    private void await(Op op, CompletableFuture<Void> done) {
        try {
            if (!queue.offer(op, 5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the shared experiment figures are not being written now");
            }
            done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the shared experiment figures could not be written now", e);
        }
    }

    // --- The writer thread ------------------------------------------------------------------

    /**
     * The writer's loop: a batch at a time, the memory pruned every {@value #PRUNE_MS} ms. While the
     * database refuses, it waits 1 s, then twice as long after each refusal up to
     * {@value #MOST_BACKOFF_MS} ms, so that it adds little to the pool's demand while the database is
     * away (the batch and the queue wait meanwhile).
     */
    private void write() {
        List<Op> batch = new ArrayList<>(BATCH);
        long backoff = 0;
        while (!closing) {
            try {
                if (batch.isEmpty()) {
                    Op first = queue.poll(1, TimeUnit.SECONDS);
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, BATCH - 1);
                    }
                }
                boolean touched = false;
                List<Op> written = List.of();
                if (!batch.isEmpty()) {
                    apply(batch);
                    touched = true;
                    written = List.copyOf(batch);
                    batch.clear();
                }
                long now = clock.millis();
                boolean asked = written.stream().anyMatch(op -> op instanceof Flush flush && flush.prune());
                try {
                    if (asked || now - lastPrune >= PRUNE_MS) {
                        lastPrune = now;
                        pruneMemory(now);
                        touched = true;
                    }
                } finally {
                    done(written);
                }
                if (backoff > 0 && touched) {
                    log.info("The shared experiment figures are written again");
                    backoff = 0;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (backoff == 0) {
                    log.warn(
                            "The shared experiment figures cannot be written now ({}); retrying, at most {} waiting",
                            e.toString(),
                            QUEUE);
                }
                backoff = backoff == 0 ? 1_000 : Math.min(MOST_BACKOFF_MS, 2 * backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** The batch in one transaction, in order; then tells who waits and counts the hits. */
    private void apply(List<Op> batch) {
        database.migrate();
        List<Hit> hits = new ArrayList<>();
        transaction.executeWithoutResult(status -> {
            hits.clear();
            for (Op op : batch) {
                if (op instanceof Shown shown) {
                    show(shown);
                } else if (op instanceof Liked liked) {
                    match(liked, hits);
                } else if (op instanceof Clear clear) {
                    jdbc.update("DELETE FROM experiment_exposures WHERE experiment = ?", clear.experiment());
                } else if (op instanceof Erase erase) {
                    for (long user : erase.users()) {
                        jdbc.update("DELETE FROM experiment_exposures WHERE user_id = ?", user);
                        jdbc.update("DELETE FROM experiment_users WHERE user_id = ?", user);
                    }
                }
            }
        });
        hits.forEach(hit -> hit.listener().hit(hit.experiment(), hit.variant()));
    }

    /** Tells who waits for {@code written}. */
    private static void done(List<Op> written) {
        for (Op op : written) {
            if (op instanceof Erase erase) {
                erase.done().complete(null);
            } else if (op instanceof Flush flush) {
                flush.done().complete(null);
            }
        }
    }

    private void show(Shown shown) {
        jdbc.update(
                "INSERT INTO experiment_users (experiment, user_id, variant, lists, hits) VALUES (?, ?, ?, 1, 0)"
                        + " ON CONFLICT (experiment, user_id) DO UPDATE SET lists = experiment_users.lists + 1",
                shown.experiment(),
                shown.user(),
                shown.variant());
        List<Object[]> rows = Arrays.stream(shown.movies())
                .distinct()
                .mapToObj(movie -> new Object[] {shown.user(), shown.experiment(), movie, shown.variant(), shown.at()})
                .toList();
        jdbc.batchUpdate(
                "INSERT INTO experiment_exposures (user_id, experiment, movie_id, variant, shown_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, experiment, movie_id)"
                        + " DO UPDATE SET variant = EXCLUDED.variant, shown_at = EXCLUDED.shown_at",
                rows);
        jdbc.update(
                "DELETE FROM experiment_exposures WHERE user_id = ? AND experiment = ? AND movie_id IN"
                        + " (SELECT movie_id FROM experiment_exposures WHERE user_id = ? AND experiment = ?"
                        + " ORDER BY shown_at DESC, movie_id OFFSET ?)",
                shown.user(),
                shown.experiment(),
                shown.user(),
                shown.experiment(),
                perUser);
    }

    private void match(Liked liked, List<Hit> hits) {
        List<Object[]> matched = jdbc.query(
                "DELETE FROM experiment_exposures WHERE user_id = ? AND movie_id = ?"
                        + " RETURNING experiment, variant, shown_at",
                (row, n) -> new Object[] {row.getString(1), row.getString(2), row.getLong(3)},
                liked.user(),
                liked.movie());
        for (Object[] showing : matched) {
            if ((Long) showing[2] < liked.since()) {
                continue;
            }
            jdbc.update(
                    "UPDATE experiment_users SET hits = hits + 1 WHERE experiment = ? AND user_id = ?",
                    showing[0],
                    liked.user());
            hits.add(new Hit(liked.hits(), (String) showing[0], (String) showing[1]));
        }
    }

    /** Showings past the hit window, then the oldest past the bound over all users; one replica at a time. */
    private void pruneMemory(long now) {
        database.migrate();
        transaction.executeWithoutResult(status -> {
            Boolean mine = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, PRUNE_LOCK);
            if (!Boolean.TRUE.equals(mine)) {
                return;
            }
            jdbc.update("DELETE FROM experiment_exposures WHERE shown_at < ?", now - hitWindowMillis);
            Long count = jdbc.queryForObject("SELECT count(*) FROM experiment_exposures", Long.class);
            long excess = (count == null ? 0 : count) - maxMovies;
            if (excess > 0) {
                int deleted = jdbc.update(
                        "DELETE FROM experiment_exposures WHERE ctid IN (SELECT ctid FROM experiment_exposures"
                                + " ORDER BY shown_at, user_id, movie_id LIMIT ?)",
                        excess);
                evicted.increment(deleted);
                count -= deleted;
            }
            remembered.set(count == null ? 0 : count);
        });
    }
}
