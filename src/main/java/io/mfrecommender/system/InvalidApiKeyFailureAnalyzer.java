package io.mfrecommender.system;

import io.mfrecommender.access.ApiKeyProperties;
import io.mfrecommender.access.InvalidApiKeyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Startup stopped by an unusable API key: what is wrong and what to do, without a stack trace or the key. */
final class InvalidApiKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidApiKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidApiKeyException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set recommender.security.api-key (or RECOMMENDER_SECURITY_API_KEY) to at least "
                        + ApiKeyProperties.MIN_LENGTH + " characters without whitespace, for example the output of "
                        + "'openssl rand -hex 16', or leave it empty to refuse every change; a key file or key "
                        + "settings line is 'id scopes sha256:digest [expires=instant]' (docs/operations.md).",
                cause);
    }
}
