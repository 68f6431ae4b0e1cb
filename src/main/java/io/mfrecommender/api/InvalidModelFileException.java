package io.mfrecommender.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An uploaded model file is refused (400): not readable, over a limit, not fitting the ratings, or
 * asking for code to run. {@code refusedClass} names the class or function a pickle asked for when
 * that was the reason.
 */
public class InvalidModelFileException extends ErrorResponseException {

    public InvalidModelFileException(String detail, String refusedClass) {
        super(HttpStatus.BAD_REQUEST, problem(detail, refusedClass), null);
    }

    private static ProblemDetail problem(String detail, String refusedClass) {
        ProblemDetail problem = ProblemTypes.problem(
                HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_MODEL_FILE, "Model file refused", detail);
        if (refusedClass != null) {
            problem.setProperty("refusedClass", refusedClass);
        }
        return problem;
    }
}
