package io.mfrecommender.catalogue;

import io.mfrecommender.data.Database;
import io.mfrecommender.data.SharedCatalogueLog;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Catalogue edits in PostgreSQL, table {@code catalogue_edits}, which every replica appends to and
 * reads back in id order. As with posted ratings, a writer takes one transaction-scoped advisory
 * lock before it inserts, so ids commit in the order they are assigned and a reader that has seen id
 * {@code n} has seen every edit below it. The schema is migrated by the first use.
 */
final class PostgresCatalogueLog implements SharedCatalogueLog {

    /** Key of the advisory lock that orders writers ("mfcatalog"). */
    static final long WRITE_LOCK = 0x6d66_6361_7461_6c67L;
    /** Most lines one read hands over; the next poll reads on. */
    static final int PAGE = 1_000;

    private final Database database;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    PostgresCatalogueLog(Database database) {
        this.database = database;
        this.jdbc = new JdbcTemplate(database.dataSource());
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
    }

    @Override
    public long append(String line) {
        database.migrate();
        Long id = transaction.execute(status -> {
            jdbc.query("SELECT pg_advisory_xact_lock(?)", rows -> {}, WRITE_LOCK);
            return jdbc.queryForObject("INSERT INTO catalogue_edits (line) VALUES (?) RETURNING id", Long.class, line);
        });
        return id == null ? 0 : id;
    }

    @Override
    public List<Line> after(long position) {
        database.migrate();
        return jdbc.query(
                "SELECT id, line FROM catalogue_edits WHERE id > ? ORDER BY id LIMIT " + PAGE,
                (row, n) -> new Line(row.getLong(1), row.getString(2)),
                position);
    }

    @Override
    public long compact(List<String> lines, long upTo) {
        database.migrate();
        Long last = transaction.execute(status -> {
            jdbc.query("SELECT pg_advisory_xact_lock(?)", rows -> {}, WRITE_LOCK);
            Long newest = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM catalogue_edits", Long.class);
            if (newest == null || newest != upTo) {
                return 0L;
            }
            long appended = 0;
            for (String line : lines) {
                appended = jdbc.queryForObject(
                        "INSERT INTO catalogue_edits (line) VALUES (?) RETURNING id", Long.class, line);
            }
            jdbc.update("DELETE FROM catalogue_edits WHERE id <= ?", upTo);
            return appended;
        });
        return last == null ? 0 : last;
    }

    @Override
    public String describe() {
        return "the PostgreSQL table catalogue_edits";
    }
}
