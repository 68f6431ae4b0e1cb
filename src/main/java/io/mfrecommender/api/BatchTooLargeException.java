package io.mfrecommender.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A batch request carries more items than the configured maximum (413). */
public class BatchTooLargeException extends ErrorResponseException {

    public BatchTooLargeException(int size, int max) {
        this(size, max, "pairs");
    }

    /** @param what what the batch holds, plural: {@code pairs}, {@code ratings} */
    public BatchTooLargeException(int size, int max, String what) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(size, max, what), null);
    }

    private static ProblemDetail problem(int size, int max, String what) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                "a batch may hold at most " + max + " " + what + ", this one holds " + size + "; split it");
        problem.setType(ProblemTypes.BATCH_TOO_LARGE);
        problem.setTitle("Batch too large");
        problem.setProperty("maxBatch", max);
        return problem;
    }
}
