package io.mfrecommender.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.mfrecommender.data.Database;
import io.mfrecommender.ratings.RealPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail in a real PostgreSQL server, written by two instances as two replicas write it:
 * one order for both, read from either, an erasure seen by both, and its bound.
 */
class PostgresAuditTrailIT {

    @TempDir
    static Path serverDirectory;

    private static RealPostgres postgres;
    private static HikariDataSource pool;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = new RealPostgres(serverDirectory.resolve("pg"));
        pool = RealPostgres.pool(postgres.newDatabase());
    }

    @AfterAll
    static void stopServer() throws Exception {
        pool.close();
        postgres.close();
    }

    private static AuditEntry at(String instant, String credential, String target) {
        return new AuditEntry(0, Instant.parse(instant), credential, "POST /users/*/ratings", target, 201, "succeeded");
    }

    @Test
    void twoReplicasKeepOneTrailInOrderEraseTogetherAndStayBounded() {
        PostgresAuditTrail one = new PostgresAuditTrail(new Database(pool), 1500);
        PostgresAuditTrail two = new PostgresAuditTrail(new Database(pool), 1500);
        one.record(at("2026-12-07T10:00:00Z", "key:a", "/users/42/ratings"));
        two.record(at("2026-12-07T10:00:01Z", "key:b", "/users/7/ratings"));
        one.record(at("2026-12-07T10:00:02Z", "key:a", "/users/42/ratings/3"));
        List<AuditEntry> seen = two.since(Instant.EPOCH, 10);
        assertThat(seen).extracting(AuditEntry::credential).containsExactly("key:a", "key:b", "key:a");
        assertThat(seen).extracting(AuditEntry::sequence).isSorted();
        assertThat(one.since(Instant.parse("2026-12-07T10:00:01Z"), 10)).hasSize(2);

        two.erase(42, "d1g357");
        assertThat(one.since(Instant.EPOCH, 10))
                .extracting(AuditEntry::target)
                .containsExactly("/users/erased:d1g357/ratings", "/users/7/ratings", "/users/erased:d1g357/ratings/3");

        for (int i = 0; i < 2000; i++) {
            one.record(at("2026-12-07T11:00:00Z", "key:a", "/movies/" + i));
        }
        assertThat(one.size())
                .as("the bound, and at most the 99 since the last check")
                .isBetween(1500L, 1599L);
        List<AuditEntry> newest = one.since(Instant.parse("2026-12-07T11:00:00Z"), 2000);
        assertThat(newest.get(newest.size() - 1).target()).isEqualTo("/movies/1999");
    }
}
