package io.mfrecommender.system;

import io.mfrecommender.api.ModelNotReadyException;
import io.mfrecommender.api.ProblemTypes;
import io.mfrecommender.api.ServerBusyException;
import io.mfrecommender.api.StorageUnavailableException;
import io.mfrecommender.text.ClientText;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * One error shape everywhere: every failure becomes an RFC 9457 {@code application/problem+json}
 * response with a stable {@code type}, a human {@code title} and a {@code detail} that says what
 * to change. Framework errors (bad types, missing parameters, malformed JSON, unknown paths,
 * wrong methods) get the same treatment as the service's own; nothing leaks a stack trace.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    private final int retryAfterSeconds;

    ProblemHandler(HttpProperties httpProperties) {
        this.retryAfterSeconds = httpProperties.retryAfterSeconds();
    }

    @ExceptionHandler({ModelNotReadyException.class, StorageUnavailableException.class, ServerBusyException.class})
    ResponseEntity<ProblemDetail> unavailable(ErrorResponseException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds))
                .body(e.getBody());
    }

    /** Anything unforeseen: logged with its stack trace here, answered without it. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        FatalErrors.haltIfOutOfMemory(e);
        log.error("Unexpected error", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "The service failed to answer this request; the error has been logged.");
        problem.setType(ProblemTypes.INTERNAL);
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        String expected = ex.getRequiredType() == null ? "a valid value" : describe(ex.getRequiredType());
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.INVALID_PARAMETER,
                "Invalid parameter",
                "'" + name + "' must be " + expected + ", got " + ClientText.quote(ex.getValue()));
        problem.setProperty("parameter", name);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.MISSING_PARAMETER,
                "Missing parameter",
                "the query parameter '" + ex.getParameterName() + "' is required");
        problem.setProperty("parameter", ex.getParameterName());
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.MALFORMED_BODY,
                "Malformed request body",
                "the request body is not valid JSON of the expected shape; see the API documentation at /swagger-ui.html");
        if (ex.getCause() instanceof DatabindException binding
                && !binding.getPath().isEmpty()) {
            // Name the field: a misspelt or mistyped field must be fixed, not guessed at.
            String field = binding.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName()
                            : "[" + reference.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse("body");
            problem.setProperty("parameter", field);
            problem.setDetail(
                    binding instanceof UnrecognizedPropertyException
                            ? "unknown field '" + field + "'; see the API documentation at /swagger-ui.html"
                            : "field '" + field + "' has a value of the wrong type or out of range"
                                    + rootMessage(binding));
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage())
                .sorted()
                .toList();
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.INVALID_PARAMETER,
                "Invalid request body",
                String.join("; ", errors));
        problem.setProperty("errors", errors);
        ex.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField())
                .sorted()
                .findFirst()
                .ifPresent(field -> problem.setProperty("parameter", field));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> "'" + result.getMethodParameter().getParameterName() + "' "
                                + error.getDefaultMessage() + ", got " + ClientText.quote(result.getArgument())))
                .sorted()
                .toList();
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_PARAMETER, "Invalid parameter", String.join("; ", errors));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail given
                ? given
                : body == null && ex instanceof ErrorResponse response ? response.getBody() : null;
        if (problem != null && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            problem.setType(typeOf(ex, statusCode));
        }
        if (problem != null && ex instanceof NoResourceFoundException missing) {
            problem.setDetail("there is no endpoint at /" + missing.getResourcePath()
                    + "; the API is described at /swagger-ui.html");
        }
        return super.handleExceptionInternal(ex, problem != null ? problem : body, headers, statusCode, request);
    }

    /** The message of a validation error thrown inside a JSON creator (ours say what to change). */
    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause instanceof IllegalArgumentException && cause.getMessage() != null ? ": " + cause.getMessage() : "";
    }

    private static URI typeOf(Exception ex, HttpStatusCode status) {
        if (ex instanceof NoResourceFoundException || ex instanceof MissingPathVariableException) {
            return ProblemTypes.NOT_FOUND;
        }
        if (ex instanceof HttpRequestMethodNotSupportedException) {
            return ProblemTypes.METHOD_NOT_ALLOWED;
        }
        if (ex instanceof HttpMediaTypeNotSupportedException) {
            return ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException) {
            return ProblemTypes.NOT_ACCEPTABLE;
        }
        return status.is4xxClientError() ? ProblemTypes.INVALID_PARAMETER : ProblemTypes.INTERNAL;
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    private static String describe(Class<?> type) {
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        return "a valid " + type.getSimpleName();
    }
}
