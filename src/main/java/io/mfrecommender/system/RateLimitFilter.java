package io.mfrecommender.system;

import io.mfrecommender.access.AccessProperties;
import io.mfrecommender.access.AccessRules;
import io.mfrecommender.access.Credential;
import io.mfrecommender.access.RequestRates;
import io.mfrecommender.api.ProblemTypes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 429 with {@code Retry-After} and {@code /problems/rate-limited} for a caller over its rate
 * ({@link RequestRates}), after the credential is known and before the body is read. Health and
 * the API's document are never limited.
 *
 * <p>The 429 is sent after {@code limits.pause} (at most the Retry-After), the request waiting
 * asynchronously, without a thread: a client that ignores Retry-After and floods on a fixed number
 * of connections then sends a request per connection per pause instead of as many as the CPU
 * answers, which is what kept the other callers' latency near idle (docs/performance.md). At most
 * {@code limits.max-paused} wait at once ({@code recommender.limits.paused}); past that, 429 at once.
 */
final class RateLimitFilter implements Filter {

    private final RequestRates rates;
    private final long pauseMillis;
    private final int maxPaused;
    private final AtomicInteger paused = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rate-limit-pause");
        thread.setDaemon(true);
        return thread;
    });

    RateLimitFilter(RequestRates rates, AccessProperties.Limits limits, MeterRegistry meters) {
        this.rates = rates;
        this.pauseMillis = limits.pause().toMillis();
        this.maxPaused = limits.maxPaused();
        Gauge.builder("recommender.limits.paused", paused, AtomicInteger::get)
                .description("Refused requests waiting out their pause before the 429 (bounded by "
                        + "recommender.security.limits.max-paused)")
                .register(meters);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        if (AccessRules.alwaysOpen(request.getRequestURI())) {
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
        long pause = Math.min(pauseMillis, decision.retryAfterSeconds() * 1000);
        if (pause > 0 && request.isAsyncSupported() && paused.incrementAndGet() <= maxPaused) {
            AsyncContext async = request.startAsync();
            async.setTimeout(pause + 30_000);
            timer.schedule(
                    () -> {
                        try {
                            refuse(request, response, credential, decision);
                        } catch (IOException | RuntimeException clientGone) {
                            // The client left while it waited: nothing to answer.
                        } finally {
                            paused.decrementAndGet();
                            async.complete();
                        }
                    },
                    pause,
                    TimeUnit.MILLISECONDS);
            return;
        }
        if (pause > 0 && request.isAsyncSupported()) {
            paused.decrementAndGet();
        }
        refuse(request, response, credential, decision);
    }

    private static void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            Credential credential,
            RequestRates.Decision decision)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
        ProblemBodies.write(
                response,
                429,
                ProblemTypes.RATE_LIMITED,
                "Too many requests",
                (credential == null
                                ? "This address is over recommender.security.limits.per-address"
                                : "The credential " + credential.id() + " is over its rate "
                                        + "(recommender.security.limits.per-credential, or the key's own)")
                        + "; retry after " + decision.retryAfterSeconds() + " s",
                request.getRequestURI(),
                Map.of());
    }
}
