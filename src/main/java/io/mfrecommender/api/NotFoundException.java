package io.mfrecommender.api;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A named resource (training job, model version) does not exist (404). */
public class NotFoundException extends ErrorResponseException {

    public NotFoundException(URI type, String title, String detail) {
        super(HttpStatus.NOT_FOUND, ProblemTypes.problem(HttpStatus.NOT_FOUND, type, title, detail), null);
    }
}
