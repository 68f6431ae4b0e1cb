package io.mfrecommender.access;

/** The configured keys cannot be used; the message says why and never includes a key. */
public final class InvalidApiKeyException extends IllegalStateException {

    /** The single key ({@code recommender.security.api-key}) is unusable for {@code problem}. */
    public InvalidApiKeyException(String problem) {
        this("recommender.security.api-key (RECOMMENDER_SECURITY_API_KEY)", problem);
    }

    InvalidApiKeyException(String setting, String problem) {
        super(setting + " is not usable: " + problem);
    }
}
