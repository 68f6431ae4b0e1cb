package io.mfrecommender.access;

import java.time.Instant;

/**
 * One change as the audit trail keeps it.
 *
 * @param sequence its place in the trail, from 1
 * @param credential the id of the key or token that made it ({@code key:ops}, {@code token:shop}),
 *                   never a secret; {@code service} for what the service did by itself
 * @param action what was done: the operation ({@code POST /users/{id}/ratings}) or an event
 *               ({@code reload keys})
 * @param target what it was done to: the request's path, an erased user named by their erasure digest
 * @param status the HTTP status answered
 * @param outcome {@code succeeded} (2xx), {@code refused} (4xx) or {@code failed} (5xx), or words
 *                saying what changed
 */
public record AuditEntry(
        long sequence, Instant at, String credential, String action, String target, int status, String outcome) {

    /** An entry made now, its sequence given by the trail that keeps it. */
    public static AuditEntry now(String credential, String action, String target, int status, String outcome) {
        return new AuditEntry(0, Instant.now(), credential, action, target, status, outcome);
    }

    /** The outcome word for an HTTP status. */
    public static String outcome(int status) {
        return status < 400 ? "succeeded" : status < 500 ? "refused" : "failed";
    }

    AuditEntry numbered(long number) {
        return new AuditEntry(number, at, credential, action, target, status, outcome);
    }

    /** This entry with {@code /users/{user}} in its target replaced by the erased user's digest. */
    AuditEntry erasing(long user, String digest) {
        String prefix = "/users/" + user;
        if (target != null && (target.equals(prefix) || target.startsWith(prefix + "/"))) {
            return new AuditEntry(
                    sequence,
                    at,
                    credential,
                    action,
                    "/users/erased:" + digest + target.substring(prefix.length()),
                    status,
                    outcome);
        }
        return this;
    }
}
