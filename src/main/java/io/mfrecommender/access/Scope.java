package io.mfrecommender.access;

import java.util.Locale;
import java.util.Set;

/**
 * What a credential may do. {@code admin} includes every other scope; {@code write} and
 * {@code read:user-data} each include {@code read}.
 */
public enum Scope {
    /** Recommendations, predictions, similar movies, the catalogue. */
    READ("read"),
    /** A user's ratings and explanations (what they watched). */
    USER_DATA("read:user-data"),
    /** Posting and removing ratings, catalogue edits. */
    WRITE("write"),
    /** Jobs, versions, imports and exports, experiments, erasure, the audit trail, actuator details. */
    ADMIN("admin");

    private final String word;

    Scope(String word) {
        this.word = word;
    }

    /** The scope's name in key files, tokens and the OpenAPI document. */
    public String word() {
        return word;
    }

    /** Whether holding this scope allows what {@code needed} guards. */
    public boolean grants(Scope needed) {
        return this == needed || this == ADMIN || needed == READ;
    }

    /** Whether any of {@code held} allows what {@code needed} guards. */
    public static boolean anyGrants(Set<Scope> held, Scope needed) {
        for (Scope scope : held) {
            if (scope.grants(needed)) {
                return true;
            }
        }
        return false;
    }

    /** The scope named {@code word} (as in {@link #word()}, any case), or null. */
    public static Scope named(String word) {
        String wanted = word.strip().toLowerCase(Locale.ROOT);
        for (Scope scope : values()) {
            if (scope.word.equals(wanted)) {
                return scope;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return word;
    }
}
