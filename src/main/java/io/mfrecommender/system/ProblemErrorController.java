package io.mfrecommender.system;

import io.mfrecommender.api.ProblemTypes;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}): errors raised outside a controller (a
 * {@code sendError} from a filter or the container, e.g. {@code TRACE}) answered as problem
 * documents, like every other error. Asked for directly, {@code /error} does not exist (404).
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            ProblemBodies.write(
                    response, 404, ProblemTypes.NOT_FOUND, "Not found", "no resource at /error", "/error", Map.of());
            return;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value && value >= 400 ? value : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = switch (status) {
            case 404 -> "no resource at this path; see /swagger-ui.html";
            case 405 -> "this method is not supported here; see /swagger-ui.html";
            default ->
                status >= 500
                        ? "the service failed to answer this request; the error has been logged"
                        : "the request was refused";
        };
        ProblemBodies.write(
                response,
                status,
                ProblemBodies.typeOf(status),
                ProblemBodies.titleOf(status),
                detail,
                uri instanceof String path ? path.replaceAll("[^\\x20-\\x7e]", "") : null,
                Map.of());
    }
}
