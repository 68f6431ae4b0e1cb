package io.mfrecommender.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A bound on what requests may hold at once is reached (503, with {@code Retry-After}): so many
 * uploads or exports are under way, say. Nothing of the request was done; the same request later
 * succeeds.
 */
public class ServerBusyException extends ErrorResponseException {

    public ServerBusyException(String detail) {
        super(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemTypes.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVER_BUSY, "Server busy", detail),
                null);
    }
}
