package io.mfrecommender.access;

import java.time.Instant;
import java.util.List;

/**
 * Every change made to the service, in order, kept durably beside the ratings (the journal's
 * directory, or the ratings database in {@code postgres} mode) and bounded
 * ({@code recommender.security.audit.max-entries}, the oldest dropped first).
 */
public interface AuditTrail {

    /** The trail in {@code file} ({@code journal} mode), at most {@code maxEntries} kept. */
    static AuditTrail inFile(java.nio.file.Path file, int maxEntries) {
        return new FileAuditTrail(file, maxEntries);
    }

    /** Keeps {@code entry} (numbered next) durably before returning. */
    void record(AuditEntry entry);

    /** Up to {@code limit} entries made at or after {@code since}, oldest first. */
    List<AuditEntry> since(Instant since, int limit);

    /** Names {@code user} only by {@code digest} in every entry kept (their erasure). */
    void erase(long user, String digest);

    /** Entries kept. */
    long size();
}
