package io.mfrecommender.system;

import io.mfrecommender.api.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code recommender.serving.max-body-bytes} with a 413
 * problem before anything reads them, so an oversized upload cannot make the service parse
 * megabytes of JSON only to reject them. Bodies without a declared length are left to the
 * batch-size check of the endpoint.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;

    RequestSizeLimit(RecommenderProperties properties) {
        this.maxBytes = properties.serving().maxBodyBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length <= maxBytes) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(java.nio.charset.StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"" + ProblemTypes.BODY_TOO_LARGE + "\",\"title\":\"Request body too large\","
                + "\"status\":413,\"detail\":\"the request body has " + length + " bytes; at most " + maxBytes
                + " are accepted (recommender.serving.max-body-bytes)\",\"instance\":\""
                + request.getRequestURI().replace("\\", "").replace("\"", "") + "\"}");
    }
}
