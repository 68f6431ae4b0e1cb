package io.mfrecommender.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A model file whose tables would need more memory to read than this instance sets aside for
 * imports (413, {@code /problems/body-too-large}), refused before any table is allocated.
 */
public class ModelFileTooLargeException extends ErrorResponseException {

    public ModelFileTooLargeException(long needed, long budget, String setting) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(needed, budget, setting), null);
    }

    private static ProblemDetail problem(long needed, long budget, String setting) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                "reading this file's tables would take about " + needed + " bytes of memory, more than the " + budget
                        + " this instance sets aside for imports (" + setting + ")");
        problem.setType(ProblemTypes.BODY_TOO_LARGE);
        problem.setTitle("Model file too large for this instance");
        problem.setProperty("maxBytes", budget);
        return problem;
    }
}
