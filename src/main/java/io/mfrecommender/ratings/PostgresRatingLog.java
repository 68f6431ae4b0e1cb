package io.mfrecommender.ratings;

import io.mfrecommender.data.Database;
import io.mfrecommender.data.WriteFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The posted ratings in PostgreSQL, table {@code rating_events}, which every replica appends to and
 * reads back in id order. Its schema is migrated ({@link Database#migrate}) when the log is first
 * read.
 *
 * <p>Order: a writer takes one transaction-scoped advisory lock before it inserts, so ids are
 * assigned and committed in one order, and a reader that has seen id {@code n} has seen every
 * committed id below it. (PostgreSQL makes a transaction visible before it releases its locks.)
 * Without the lock a transaction holding a smaller id could commit after a reader had passed it.
 * The lock costs concurrency between writers, not correctness; one insert of a batch is a few
 * hundred microseconds of it.
 *
 * <p>An erasure deletes the user's rows and writes one {@code X} row naming the user by a keyed
 * digest (HMAC-SHA256, its key in {@code rating_settings}, made once and shared by the replicas), in
 * one transaction: the user's ratings leave the database at once, and every replica learns of
 * the erasure without the id being kept.
 */
final class PostgresRatingLog implements RatingLog {

    /** Key of the advisory lock that orders writers ("mfrecommender ratings"). */
    static final long WRITE_LOCK = 0x6d66_7261_7469_6e67L;
    /** Most entries one {@link #readAfter} hands over. */
    static final int PAGE = 10_000;

    private static final String COLUMNS =
            "id, kind, user_id, movie_id, rating, digest, at_millis, event_type, event_count";

    private final Database database;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private volatile byte[] key;

    PostgresRatingLog(Database database) {
        this.database = database;
        this.jdbc = new JdbcTemplate(database.dataSource());
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
    }

    @Override
    public String describe() {
        return "PostgreSQL table rating_events";
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public int replay(Sink sink) {
        try {
            database.migrate();
            // A cursor (autocommit off, a fetch size) streams the table instead of loading it whole.
            transaction.executeWithoutResult(status -> jdbc.query(
                    connection -> {
                        PreparedStatement statement = connection.prepareStatement(
                                "SELECT " + COLUMNS + " FROM rating_events ORDER BY id",
                                ResultSet.TYPE_FORWARD_ONLY,
                                ResultSet.CONCUR_READ_ONLY);
                        statement.setFetchSize(PAGE);
                        return statement;
                    },
                    (ResultSet rows) -> {
                        sink.accept(entry(rows), rows.getLong(1), 0);
                    }));
            return 0;
        } catch (DataAccessException | TransactionException | FlywayException e) {
            throw new UncheckedIOException(reason(e), new IOException(e));
        }
    }

    @Override
    public long lastSequence() {
        try {
            Long last = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM rating_events", Long.class);
            return last == null ? 0 : last;
        } catch (DataAccessException | TransactionException e) {
            throw new WriteFailedException(reason(e), new IOException(e));
        }
    }

    @Override
    public long append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return lastSequence();
        }
        try {
            Long last = transaction.execute(status -> {
                jdbc.query("SELECT pg_advisory_xact_lock(?)", rows -> {}, WRITE_LOCK);
                // In the batch's order: an erasure deletes the user's rows written before it, this batch's too.
                int from = 0;
                for (int i = 0; i < entries.size(); i++) {
                    if (entries.get(i).kind() == Entry.Kind.DELETE_USER) {
                        insert(entries.subList(from, i));
                        jdbc.update(
                                "DELETE FROM rating_events WHERE user_id = ?",
                                entries.get(i).user());
                        from = i;
                    }
                }
                insert(entries.subList(from, entries.size()));
                return jdbc.queryForObject("SELECT currval('rating_events_id_seq')", Long.class);
            });
            return last == null ? 0 : last;
        } catch (DataAccessException | TransactionException e) {
            throw new WriteFailedException(reason(e), new IOException(e));
        }
    }

    private void insert(List<Entry> entries) {
        if (!entries.isEmpty()) {
            jdbc.batchUpdate(
                    "INSERT INTO rating_events (kind, user_id, movie_id, rating, digest, at_millis, event_type, "
                            + "event_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    entries,
                    entries.size(),
                    this::bind);
        }
    }

    private void bind(PreparedStatement statement, Entry entry) throws SQLException {
        switch (entry.kind()) {
            case RATING -> {
                statement.setString(1, "R");
                statement.setLong(2, entry.user());
                statement.setLong(3, entry.movie());
                statement.setFloat(4, entry.rating());
                statement.setNull(5, Types.CHAR);
            }
            case DELETE_RATING -> {
                statement.setString(1, "D");
                statement.setLong(2, entry.user());
                statement.setLong(3, entry.movie());
                statement.setNull(4, Types.REAL);
                statement.setNull(5, Types.CHAR);
            }
            case EVENT, DELETE_EVENT -> {
                statement.setString(1, entry.kind() == Entry.Kind.EVENT ? "E" : "F");
                statement.setLong(2, entry.user());
                statement.setLong(3, entry.movie());
                statement.setNull(4, Types.REAL);
                statement.setNull(5, Types.CHAR);
            }
            case DELETE_USER, ERASED -> {
                statement.setString(1, "X");
                statement.setNull(2, Types.BIGINT);
                statement.setNull(3, Types.BIGINT);
                statement.setNull(4, Types.REAL);
                statement.setString(
                        5, entry.kind() == Entry.Kind.ERASED ? entry.digest() : erasureDigest(entry.user()));
            }
        }
        statement.setLong(6, entry.timestamp());
        if (entry.event() != null) {
            statement.setString(7, entry.event());
        } else {
            statement.setNull(7, Types.VARCHAR);
        }
        if (entry.kind() == Entry.Kind.EVENT) {
            statement.setInt(8, entry.count());
        } else {
            statement.setNull(8, Types.INTEGER);
        }
    }

    @Override
    public long readAfter(long sequence, Sink sink) {
        long[] last = {sequence};
        try {
            jdbc.query(
                    "SELECT " + COLUMNS + " FROM rating_events WHERE id > ? ORDER BY id LIMIT " + PAGE,
                    (ResultSet rows) -> {
                        last[0] = rows.getLong(1);
                        sink.accept(entry(rows), last[0], 0);
                    },
                    sequence);
            return last[0];
        } catch (DataAccessException | TransactionException e) {
            throw new WriteFailedException(reason(e), new IOException(e));
        }
    }

    private static Entry entry(ResultSet rows) throws SQLException {
        long timestamp = rows.getLong(7);
        return switch (rows.getString(2)) {
            case "R" -> Entry.rating(rows.getLong(3), rows.getLong(4), rows.getFloat(5), timestamp);
            case "D" -> Entry.deleteRating(rows.getLong(3), rows.getLong(4), timestamp);
            case "E" -> Entry.event(rows.getLong(3), rows.getLong(4), rows.getString(8), rows.getInt(9), timestamp);
            case "F" -> Entry.deleteEvent(rows.getLong(3), rows.getLong(4), rows.getString(8), timestamp);
            case "X" -> Entry.erased(rows.getString(6), timestamp);
            default -> throw new SQLException("unknown kind of rating event: " + rows.getString(2));
        };
    }

    @Override
    public String erasureDigest(long user) {
        return RatingLog.erasureDigest(key(), user);
    }

    /** The digest key every replica shares: made by the first to need it, read by the others. */
    private byte[] key() {
        byte[] known = key;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (key == null) {
                database.migrate();
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                jdbc.update(
                        "INSERT INTO rating_settings (name, value) VALUES ('erasure-key', ?) ON CONFLICT DO NOTHING",
                        HexFormat.of().formatHex(fresh));
                key = HexFormat.of()
                        .parseHex(jdbc.queryForObject(
                                "SELECT value FROM rating_settings WHERE name = 'erasure-key'", String.class));
            }
            return key;
        }
    }

    @Override
    public long sizeBytes() {
        try {
            Long bytes = jdbc.queryForObject("SELECT pg_total_relation_size('rating_events')", Long.class);
            return bytes == null ? -1 : bytes;
        } catch (DataAccessException | TransactionException e) {
            return -1;
        }
    }

    @Override
    public boolean probeWrites() {
        try {
            jdbc.queryForObject("SELECT 1", Integer.class);
            return true;
        } catch (DataAccessException | TransactionException e) {
            return false;
        }
    }

    /**
     * What went wrong, for logs and health: the kind of failure and PostgreSQL's SQL state, never a
     * host name, a URL or a credential.
     */
    static String reason(Exception e) {
        boolean unreachable = false;
        String state = null;
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
                unreachable |= state.startsWith("08") || state.startsWith("57P"); // connection; shutdown
            }
            unreachable |= cause instanceof ConnectException
                    || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof TransactionSystemException;
        }
        return (unreachable ? "the ratings database cannot be reached" : "the ratings database refused the statement")
                + (state == null ? "" : " (SQL state " + state + ")");
    }
}
