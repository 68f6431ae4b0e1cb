package io.mfrecommender.system;

import io.mfrecommender.access.AccessRules;
import io.mfrecommender.access.Credential;
import io.mfrecommender.access.RequestRates;
import io.mfrecommender.api.ProblemTypes;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * 429 with {@code Retry-After} and {@code /problems/rate-limited} for a caller over its rate
 * ({@link RequestRates}), after the credential is known and before the body is read. Health and
 * the API's document are never limited.
 */
final class RateLimitFilter implements Filter {

    private final RequestRates rates;

    RateLimitFilter(RequestRates rates) {
        this.rates = rates;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        if (!rates.enabled() || AccessRules.alwaysOpen(request.getRequestURI())) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        Credential credential = Credential.current();
        RequestRates.Decision decision = rates.take(credential, request.getRemoteAddr());
        if (decision.allowed()) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
        ProblemBodies.write(
                response,
                429,
                ProblemTypes.RATE_LIMITED,
                "Too many requests",
                (credential == null
                                ? "This address is over recommender.security.limits.per-address"
                                : "The credential " + credential.id()
                                        + " is over recommender.security.limits.per-credential")
                        + "; retry after " + decision.retryAfterSeconds() + " s",
                request.getRequestURI(),
                Map.of());
    }
}
