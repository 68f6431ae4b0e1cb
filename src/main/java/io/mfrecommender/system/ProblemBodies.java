package io.mfrecommender.system;

import io.mfrecommender.api.ProblemTypes;
import io.mfrecommender.text.ClientText;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Problem documents written outside Spring MVC (filters, the error page, Tomcat's own error
 * reports), in the same shape the MVC handler writes: type, title, status, detail, instance,
 * then any extra members.
 */
final class ProblemBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemBodies() {}

    /** The problem type and title the service uses for a bare HTTP status. */
    static URI typeOf(int status) {
        return switch (status) {
            case 404 -> ProblemTypes.NOT_FOUND;
            case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
            case 406 -> ProblemTypes.NOT_ACCEPTABLE;
            case 408 -> ProblemTypes.BODY_TIMEOUT;
            case 413 -> ProblemTypes.BODY_TOO_LARGE;
            case 415 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
            case 505 -> ProblemTypes.UNSUPPORTED_VERSION;
            default -> status >= 500 ? ProblemTypes.INTERNAL : ProblemTypes.BAD_REQUEST;
        };
    }

    static String titleOf(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error " + status;
    }

    static byte[] json(int status, URI type, String title, String detail, String instance, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.toString());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", ClientText.detail(detail));
        if (instance != null) {
            body.put("instance", instance);
        }
        body.putAll(extra);
        return JSON.writeValueAsBytes(body);
    }

    /** Writes the problem as the whole response (status, content type, body). */
    static void write(
            HttpServletResponse response,
            int status,
            URI type,
            String title,
            String detail,
            String instance,
            Map<String, Object> extra)
            throws IOException {
        byte[] body = json(status, type, title, detail, instance, extra);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
