package io.mfrecommender.system;

/** The configured API key cannot be used; the message says why and never includes the key. */
final class InvalidApiKeyException extends IllegalStateException {

    InvalidApiKeyException(String problem) {
        super("recommender.security.api-key (RECOMMENDER_SECURITY_API_KEY) is not usable: " + problem);
    }
}
