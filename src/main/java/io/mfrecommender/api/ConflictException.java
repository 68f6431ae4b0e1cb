package io.mfrecommender.api;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The request is valid but the resource's state forbids it now (409), e.g. a full training queue. */
public class ConflictException extends ErrorResponseException {

    public ConflictException(URI type, String title, String detail) {
        super(HttpStatus.CONFLICT, ProblemTypes.problem(HttpStatus.CONFLICT, type, title, detail), null);
    }
}
