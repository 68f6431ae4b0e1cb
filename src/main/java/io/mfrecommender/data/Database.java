package io.mfrecommender.data;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL database of {@code spring.datasource.*}, where posted ratings are kept
 * ({@code recommender.ratings.store: postgres}) and ratings may be loaded from
 * ({@code recommender.data.source: jdbc}). Its schema is Flyway's ({@code db/migration/postgresql}),
 * brought up to date by the first user, not at construction: the service's HTTP side starts
 * without the database, and the startup says in one line if it cannot be reached.
 */
public final class Database {

    private final DataSource dataSource;
    private volatile boolean migrated;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Applies the migrations not applied yet (Flyway locks the schema history, so replicas starting
     * together migrate once); once per process.
     *
     * @throws org.flywaydb.core.api.FlywayException when the database cannot be reached or migrated
     */
    public void migrate() {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (!migrated) {
                Flyway.configure()
                        .dataSource(dataSource)
                        .locations("classpath:db/migration/postgresql")
                        .load()
                        .migrate();
                migrated = true;
            }
        }
    }
}
