package io.mfrecommender.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The movie id is neither in the active model nor in the catalog (404). */
public class UnknownMovieException extends ErrorResponseException {

    public UnknownMovieException(long movie, String modelVersion) {
        super(HttpStatus.NOT_FOUND, problem(movie, modelVersion), null);
    }

    private static ProblemDetail problem(long movie, String modelVersion) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "movie " + movie + " is not known to model " + modelVersion);
        problem.setType(ProblemTypes.UNKNOWN_MOVIE);
        problem.setTitle("Unknown movie");
        problem.setProperty("movie", movie);
        problem.setProperty("modelVersion", modelVersion);
        return problem;
    }
}
