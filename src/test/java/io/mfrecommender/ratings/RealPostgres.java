package io.mfrecommender.ratings;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server started from Maven artifacts (no Docker needed), on a fixed port and
 * data directory so that it can be stopped and started again on the same data, as an outage does.
 */
public final class RealPostgres implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path directory;
    private final int port;
    private EmbeddedPostgres server;

    public RealPostgres(Path directory) throws IOException {
        this.directory = directory;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        start();
    }

    public synchronized void start() throws IOException {
        server = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    /** Stops the server (a fast shutdown: connections are cut, as when the database goes away). */
    public synchronized void stop() throws IOException {
        server.close();
    }

    /** A fresh database, its JDBC URL. */
    public String newDatabase() throws SQLException {
        String name = "ratings_" + DATABASES.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /**
     * A connection pool on {@code url} that fails fast (a connection in
     * at most 1 s) and starting without the database, so that a test can stop and start it.
     */
    public static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user());
        config.setConnectionTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    public static String user() {
        return "postgres";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
