package io.mfrecommender.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail on disk: in order, durable across a reopen, bounded, and erasing a user. */
class FileAuditTrailTests {

    @TempDir
    Path dir;

    private static AuditEntry at(String instant, String action, String target) {
        return new AuditEntry(0, Instant.parse(instant), "key:ops", action, target, 201, "succeeded");
    }

    @Test
    void entriesAreNumberedKeptInOrderAndReadAfterAReopen() throws Exception {
        Path file = dir.resolve("audit.log");
        FileAuditTrail trail = new FileAuditTrail(file, 100);
        trail.record(at("2026-12-07T10:00:00Z", "POST /users/*/ratings", "/users/42/ratings"));
        trail.record(at("2026-12-07T11:00:00Z", "PUT /movies/*", "/movies/7"));
        // A crash mid-write leaves a torn line: it is skipped, and the next entry starts afresh.
        Files.writeString(file, "{\"sequence\":3,\"at\":\"20", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        FileAuditTrail reopened = new FileAuditTrail(file, 100);
        reopened.record(at("2026-12-07T12:00:00Z", "POST /training-jobs", "/training-jobs"));
        List<AuditEntry> all = reopened.since(Instant.EPOCH, 10);
        assertThat(all).extracting(AuditEntry::sequence).containsExactly(1L, 2L, 3L);
        assertThat(all)
                .extracting(AuditEntry::target)
                .containsExactly("/users/42/ratings", "/movies/7", "/training-jobs");
        assertThat(reopened.since(Instant.parse("2026-12-07T11:00:00Z"), 10))
                .extracting(AuditEntry::sequence)
                .containsExactly(2L, 3L);
        assertThat(reopened.since(Instant.EPOCH, 1)).hasSize(1);
    }

    @Test
    void anErasedUserIsNamedOnlyByTheDigestInEveryEntry() throws Exception {
        Path file = dir.resolve("audit.log");
        FileAuditTrail trail = new FileAuditTrail(file, 100);
        trail.record(at("2026-12-07T10:00:00Z", "POST /users/*/ratings", "/users/42/ratings"));
        trail.record(at("2026-12-07T10:01:00Z", "DELETE /users/*/ratings/*", "/users/42/ratings/7"));
        trail.record(at("2026-12-07T10:02:00Z", "POST /users/*/ratings", "/users/420/ratings"));
        trail.erase(42, "d1g357");
        assertThat(trail.since(Instant.EPOCH, 10))
                .extracting(AuditEntry::target)
                .containsExactly(
                        "/users/erased:d1g357/ratings", "/users/erased:d1g357/ratings/7", "/users/420/ratings");
        assertThat(Files.readString(file)).doesNotContain("/users/42/");
    }

    @Test
    void pastItsBoundTheOldestEntriesGo() {
        FileAuditTrail trail = new FileAuditTrail(dir.resolve("audit.log"), 10);
        for (int i = 0; i < 25; i++) {
            trail.record(at("2026-12-07T10:00:00Z", "PUT /movies/*", "/movies/" + i));
        }
        assertThat(trail.size()).isLessThanOrEqualTo(11);
        List<AuditEntry> kept = trail.since(Instant.EPOCH, 100);
        assertThat(kept.get(kept.size() - 1).sequence()).isEqualTo(25);
        assertThat(kept.get(kept.size() - 1).target()).isEqualTo("/movies/24");
        assertThat(kept).extracting(AuditEntry::sequence).isSorted();
    }
}
