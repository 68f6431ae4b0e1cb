package io.mfrecommender.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The movie id is neither in the active model nor in the catalog (404). */
public class UnknownMovieException extends ErrorResponseException {

    public UnknownMovieException(long movie, String modelVersion) {
        super(HttpStatus.NOT_FOUND, problem(movie, modelVersion), null);
    }

    private UnknownMovieException(ProblemDetail problem) {
        super(HttpStatus.NOT_FOUND, problem, null);
    }

    /**
     * Entry {@code name} of a posted batch ({@code ratings[2]}, {@code events[0]}) names a movie
     * neither in the catalog nor in the served version; nothing of the batch was stored.
     */
    public static UnknownMovieException inBatch(String name, long movie, String modelVersion) {
        ProblemDetail problem = ProblemTypes.problem(
                HttpStatus.NOT_FOUND,
                ProblemTypes.UNKNOWN_MOVIE,
                "Unknown movie",
                name + ": movie " + movie + " is neither in the catalog nor in model " + modelVersion
                        + "; nothing of the batch was stored");
        problem.setProperty("parameter", name + ".movie");
        problem.setProperty("movie", movie);
        return new UnknownMovieException(problem);
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
