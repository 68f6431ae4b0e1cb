package io.mfrecommender.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A change could not be stored (503, with {@code Retry-After}): the disk under the ratings store is
 * full or read-only, say. Nothing of the request was kept; reads keep working.
 */
public class StorageUnavailableException extends ErrorResponseException {

    public StorageUnavailableException(String detail) {
        super(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemTypes.problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.STORAGE_UNAVAILABLE,
                        "Storage unavailable",
                        detail),
                null);
    }
}
