package io.mfrecommender.api;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No model is active yet (503): the service is still loading or training its first model. */
public class ModelNotReadyException extends ErrorResponseException {

    public static final URI TYPE = URI.create("/problems/model-not-ready");

    public ModelNotReadyException(String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setType(TYPE);
        problem.setTitle("Model not ready");
        return problem;
    }
}
