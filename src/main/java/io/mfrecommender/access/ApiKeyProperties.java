package io.mfrecommender.access;

import java.util.Optional;

/**
 * {@code recommender.security.api-key} ({@link AccessProperties#apiKey()}): the single key, an
 * {@code admin} key named {@code api-key} beside the others.
 *
 * <p>The key is a secret, so nothing here ever prints it: a key that cannot be used is refused at
 * startup by {@link #problem()}, which says what is wrong with it (its length, whitespace) and
 * never what it is. Binding validation is not used for it, because a refused binding prints the
 * value it refused.
 *
 * @param apiKey the key a caller sends in {@code X-API-Key} to train, activate, post or delete;
 *               at least 16 characters without whitespace. One trailing newline, as secret files
 *               often end with, is dropped (and the log says so). Unset or empty: every such call is
 *               refused (403), so a service started without one never has an open admin surface.
 */
public record ApiKeyProperties(String apiKey) {

    public static final int MIN_LENGTH = 16;

    /** Empty is the same as unset: no key. */
    public ApiKeyProperties {
        apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
    }

    /** The key as compared: without one trailing newline ({@code \n} or {@code \r\n}). */
    public String key() {
        if (apiKey == null) {
            return null;
        }
        String key = apiKey.endsWith("\r\n")
                ? apiKey.substring(0, apiKey.length() - 2)
                : apiKey.endsWith("\n") ? apiKey.substring(0, apiKey.length() - 1) : apiKey;
        return key.isEmpty() ? null : key;
    }

    public boolean configured() {
        return key() != null;
    }

    /** Whether a trailing newline was dropped from the configured value. */
    public boolean trimmedNewline() {
        return apiKey != null && !apiKey.equals(key());
    }

    /** What makes the configured key unusable, in words that never include the key; empty when it is fine. */
    public Optional<String> problem() {
        String key = key();
        if (key == null) {
            return Optional.empty();
        }
        if (key.codePoints().anyMatch(Character::isWhitespace)) {
            int at = key.length() - key.stripLeading().length();
            return Optional.of("it contains whitespace"
                    + (key.strip().length() < key.length() ? " at its " + (at > 0 ? "start" : "end") : " inside it")
                    + " (one trailing newline is dropped; anything else is taken as part of the key)");
        }
        if (key.length() < MIN_LENGTH) {
            return Optional.of("it has " + key.length() + " characters; at least " + MIN_LENGTH + " are needed");
        }
        return Optional.empty();
    }

    /** Never the key itself, should the record end up in a log or an error page. */
    @Override
    public String toString() {
        return "ApiKeyProperties[apiKey=" + (apiKey == null ? "none" : "(set, not shown)") + "]";
    }
}
