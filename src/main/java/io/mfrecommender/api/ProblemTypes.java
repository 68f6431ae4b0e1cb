package io.mfrecommender.api;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The stable {@code type} URIs of this service's problem responses (RFC 9457). */
public final class ProblemTypes {

    public static final URI INVALID_PARAMETER = URI.create("/problems/invalid-parameter");
    public static final URI MISSING_PARAMETER = URI.create("/problems/missing-parameter");
    public static final URI MALFORMED_BODY = URI.create("/problems/malformed-body");
    public static final URI NOT_FOUND = URI.create("/problems/not-found");
    public static final URI METHOD_NOT_ALLOWED = URI.create("/problems/method-not-allowed");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create("/problems/unsupported-media-type");
    public static final URI NOT_ACCEPTABLE = URI.create("/problems/not-acceptable");
    public static final URI INTERNAL = URI.create("/problems/internal-error");
    public static final URI UNKNOWN_MOVIE = URI.create("/problems/unknown-movie");
    public static final URI BATCH_TOO_LARGE = URI.create("/problems/batch-too-large");
    public static final URI BODY_TOO_LARGE = URI.create("/problems/body-too-large");
    public static final URI TRAINING_QUEUE_FULL = URI.create("/problems/training-queue-full");
    public static final URI UNKNOWN_TRAINING_JOB = URI.create("/problems/unknown-training-job");
    public static final URI TRAINING_JOB_FINISHED = URI.create("/problems/training-job-finished");
    public static final URI UNKNOWN_MODEL_VERSION = URI.create("/problems/unknown-model-version");
    public static final URI INVALID_MODEL_VERSION = URI.create("/problems/invalid-model-version");
    public static final URI UNKNOWN_USER = URI.create("/problems/unknown-user");
    public static final URI BAD_REQUEST = URI.create("/problems/bad-request");
    public static final URI BODY_TIMEOUT = URI.create("/problems/body-timeout");
    public static final URI UNSUPPORTED_VERSION = URI.create("/problems/http-version-not-supported");
    public static final URI UNKNOWN_RATING = URI.create("/problems/unknown-rating");
    /** The user has no events of the type named on the movie named. */
    public static final URI UNKNOWN_EVENT = URI.create("/problems/unknown-event");

    public static final URI API_KEY_REQUIRED = URI.create("/problems/api-key-required");
    public static final URI MODELS_READ_ONLY = URI.create("/problems/models-read-only");
    public static final URI CHANGES_DISABLED = URI.create("/problems/changes-disabled");
    /** A bearer token that is expired, wrongly signed, for another audience, or unsigned. */
    public static final URI INVALID_TOKEN = URI.create("/problems/invalid-token");
    /** The credential is good but lacks the scope the call needs (the problem names it). */
    public static final URI INSUFFICIENT_SCOPE = URI.create("/problems/insufficient-scope");
    /** The caller is over its request rate: retry after Retry-After seconds. */
    public static final URI RATE_LIMITED = URI.create("/problems/rate-limited");

    public static final URI STORAGE_UNAVAILABLE = URI.create("/problems/storage-unavailable");
    /** A bound on what requests may hold at once (bodies in memory, uploads) is reached: retry later. */
    public static final URI SERVER_BUSY = URI.create("/problems/server-busy");

    public static final URI TRAINING_JOB_COMMITTING = URI.create("/problems/training-job-committing");
    public static final URI MODEL_DATA_MISMATCH = URI.create("/problems/model-data-mismatch");
    public static final URI INVALID_MODEL_FILE = URI.create("/problems/invalid-model-file");
    public static final URI NOT_EXPORTABLE = URI.create("/problems/not-exportable");
    public static final URI UNKNOWN_EXPERIMENT = URI.create("/problems/unknown-experiment");
    public static final URI EXPERIMENT_RUNNING = URI.create("/problems/experiment-running");
    public static final URI EXPERIMENT_EXISTS = URI.create("/problems/experiment-exists");
    public static final URI EXPERIMENT_ENDED = URI.create("/problems/experiment-ended");
    public static final URI EXPERIMENT_VERSION_MISSING = URI.create("/problems/experiment-version-missing");

    private ProblemTypes() {}

    /** A problem body of one of these types. */
    public static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
