package io.mfrecommender.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request parameter is outside what the service accepts (400); names the parameter. */
public class InvalidParameterException extends ErrorResponseException {

    public InvalidParameterException(String parameter, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(parameter, detail), null);
    }

    private static ProblemDetail problem(String parameter, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(ProblemTypes.INVALID_PARAMETER);
        problem.setTitle("Invalid parameter");
        problem.setProperty("parameter", parameter);
        return problem;
    }

    /** Checks {@code min <= value <= max}. */
    public static int requireBetween(String parameter, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidParameterException(
                    parameter, "'" + parameter + "' must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
