package io.mfrecommender.access;

import io.mfrecommender.data.Database;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit trail in {@code postgres} mode: the {@code audit_events} table of the ratings database
 * (Flyway migration V2), one trail for every replica, each entry committed before the change is
 * answered. Every hundredth entry, entries older than the newest {@code maxEntries} are deleted
 * (so at most 99 more are kept).
 */
final class PostgresAuditTrail implements AuditTrail {

    private final Database database;
    private final JdbcTemplate jdbc;
    private final int maxEntries;

    PostgresAuditTrail(Database database, int maxEntries) {
        this.database = database;
        this.jdbc = new JdbcTemplate(database.dataSource());
        this.maxEntries = Math.max(1, maxEntries);
    }

    /** The table, once the migrations ran (the first user of the database runs them). */
    private JdbcTemplate table() {
        database.migrate();
        return jdbc;
    }

    @Override
    public void record(AuditEntry entry) {
        Long id = table().queryForObject(
                        "INSERT INTO audit_events (at, credential, action, target, status, outcome) "
                                + "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        Long.class,
                        Timestamp.from(entry.at()),
                        entry.credential(),
                        entry.action(),
                        entry.target(),
                        entry.status(),
                        entry.outcome());
        if (id != null && id % 100 == 0) {
            jdbc.update("DELETE FROM audit_events WHERE id <= ?", id - maxEntries);
        }
    }

    @Override
    public List<AuditEntry> since(Instant since, int limit) {
        return table().query(
                        "SELECT id, at, credential, action, target, status, outcome FROM audit_events "
                                + "WHERE at >= ? ORDER BY id LIMIT ?",
                        (row, n) -> new AuditEntry(
                                row.getLong(1),
                                row.getTimestamp(2).toInstant(),
                                row.getString(3),
                                row.getString(4),
                                row.getString(5),
                                row.getInt(6),
                                row.getString(7)),
                        Timestamp.from(since),
                        limit);
    }

    @Override
    public void erase(long user, String digest) {
        String prefix = "/users/" + user;
        table().update(
                        "UPDATE audit_events SET target = ? || substr(target, ?) WHERE target = ? OR target LIKE ?",
                        "/users/erased:" + digest,
                        prefix.length() + 1,
                        prefix,
                        prefix + "/%");
    }

    @Override
    public long size() {
        Long count = table().queryForObject("SELECT count(*) FROM audit_events", Long.class);
        return count == null ? 0 : count;
    }
}
