package io.mfrecommender.api;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A named resource (training job, model version) does not exist (404). */
public class NotFoundException extends ErrorResponseException {

    public NotFoundException(URI type, String title, String detail) {
        super(HttpStatus.NOT_FOUND, problem(type, title, detail), null);
    }

    private static ProblemDetail problem(URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
