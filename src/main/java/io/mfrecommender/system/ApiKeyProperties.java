package io.mfrecommender.system;

import jakarta.validation.constraints.Pattern;

/**
 * {@code recommender.security.*}: who may change the service's state.
 *
 * @param apiKey the key a caller sends in {@code X-API-Key} to train, activate, post or delete;
 *               at least 16 characters without spaces. Unset or empty: every such call is refused
 *               (403), so a service started without one never has an open admin surface.
 */
public record ApiKeyProperties(
        @Pattern(
                regexp = "|\\S{16,}",
                message = "must be at least 16 characters without spaces, or empty to refuse " + "every change")
        String apiKey) {

    /** Empty is the same as unset: no key. */
    public ApiKeyProperties {
        apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
    }

    boolean configured() {
        return apiKey != null && !apiKey.isEmpty();
    }
}
