package io.mfrecommender.system;

import io.mfrecommender.api.ProblemTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may change the service's state: a caller that sends the configured API key in
 * {@code X-API-Key}.
 *
 * <p>Training jobs (submit, cancel), activating a version, and posting or deleting ratings or users
 * need the key. Reads, {@code POST /predictions} (a read with a body), liveness and readiness stay
 * open. {@code SecurityTests} checks every mapped route against this list, so a new endpoint that
 * changes state cannot be left open by forgetting it here. A key is compared in constant time, and a wrong one is treated like none. The
 * answer is then 401 {@code /problems/api-key-required}.
 *
 * <p>With no key configured the same calls are 403 {@code /problems/changes-disabled}, and the log says
 * how to set one: the service never starts with an open admin surface. There are no sessions and
 * no cookies, so there is nothing for CSRF to ride on.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String HEADER = "X-API-Key";
    static final String ROLE = "OPERATOR";

    /** The calls that change the service, and the bulk export of a version: only these need the key. */
    static final List<Route> PROTECTED = List.of(
            new Route(HttpMethod.POST, "/training-jobs"),
            new Route(HttpMethod.DELETE, "/training-jobs/*"),
            new Route(HttpMethod.PUT, "/models/active"),
            new Route(HttpMethod.POST, "/users/*/ratings"),
            new Route(HttpMethod.DELETE, "/users/*/ratings/*"),
            new Route(HttpMethod.DELETE, "/users/*"),
            new Route(HttpMethod.PUT, "/movies/*"),
            new Route(HttpMethod.POST, "/models/imports"),
            new Route(HttpMethod.POST, "/experiments"),
            new Route(HttpMethod.POST, "/experiments/*/end"),
            // A version's factors in bulk: every user's vector, so behind the key like the changes.
            new Route(HttpMethod.GET, "/models/*/pth"));

    private static final PathPatternParser PATTERNS = new PathPatternParser();

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final String HOW_TO_SET = "set recommender.security.api-key (environment variable "
            + "RECOMMENDER_SECURITY_API_KEY) to at least 16 characters and send it in the " + HEADER + " header";

    @Bean
    SecurityFilterChain apiKeySecurity(
            HttpSecurity http, ApiKeyProperties apiKeyProperties, ObjectProvider<MeterRegistry> meterRegistry)
            throws Exception {
        MeterRegistry meters = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
        ApiKeyProperties security = apiKeyProperties;
        security.problem().ifPresent(problem -> {
            throw new InvalidApiKeyException(problem);
        });
        if (security.trimmedNewline()) {
            log.warn("recommender.security.api-key ended with a newline, as files holding secrets often do: it was "
                    + "dropped, and the key is the rest");
        }
        if (!security.configured()) {
            log.warn(
                    "No API key is configured, so training jobs, activation and rating changes are refused (403): {}",
                    HOW_TO_SET);
        }
        AtomicBoolean refusalLogged = new AtomicBoolean();
        // Only the calls that need the key, and health (whose details it shows), pass the chain's
        // filters: a read skips them all, as it needs none (the firewall still checks every request).
        List<RequestMatcher> secured = new ArrayList<>();
        PROTECTED.forEach(route ->
                secured.add(PathPatternRequestMatcher.withDefaults().matcher(route.method(), route.pattern())));
        secured.add(PathPatternRequestMatcher.withDefaults().matcher("/actuator/health"));
        secured.add(PathPatternRequestMatcher.withDefaults().matcher("/actuator/health/**"));
        secured.add(PathPatternRequestMatcher.withDefaults().matcher("/actuator/info"));
        http.securityMatcher(new OrRequestMatcher(secured))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyFilter(security.key()), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> {
                    // The request dispatch was already authorised; the async dispatch after its body is read follows
                    // it. Health is open (details for the key); everything else this chain sees is a keyed call.
                    requests.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll();
                    requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
                            .permitAll();
                    requests.anyRequest().hasRole(ROLE);
                })
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
                    String reason = !security.configured()
                            ? "no-key-configured"
                            : request.getHeader(HEADER) == null ? "missing-key" : "wrong-key";
                    Counter.builder("recommender.security.refused")
                            .description("Calls that change the service refused for want of the API key, by reason")
                            .tag("reason", reason)
                            .register(meters)
                            .increment();
                    if (security.configured()) {
                        response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
                        ProblemBodies.write(
                                response,
                                401,
                                ProblemTypes.API_KEY_REQUIRED,
                                "API key required",
                                request.getHeader(HEADER) == null
                                        ? "This call changes the service: send the API key in the " + HEADER + " header"
                                        : "The " + HEADER + " header does not hold the configured API key",
                                request.getRequestURI(),
                                Map.of());
                    } else {
                        if (refusalLogged.compareAndSet(false, true)) {
                            log.warn(
                                    "Refused {} {}: no API key is configured; {}",
                                    request.getMethod(),
                                    RequestGuard.printable(request.getRequestURI()),
                                    HOW_TO_SET);
                        }
                        ProblemBodies.write(
                                response,
                                403,
                                ProblemTypes.CHANGES_DISABLED,
                                "Changes disabled",
                                "This service has no API key configured, so it refuses every call that "
                                        + "changes it; its operator can set one",
                                request.getRequestURI(),
                                Map.of());
                    }
                }));
        return http.build();
    }

    /**
     * No Micrometer observation per security filter. With them, every request opened and closed an
     * observation for each of the chain's filters and looked its meters up: bench/http-load.sh
     * answered 5,400-8,700 requests/s against 15,000-18,800 without Spring Security (and
     * 12,500-16,400 with the observations off but every request through the chain). The HTTP
     * server's own timer ({@code http.server.requests}) still measures every request.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Requests Spring Security's firewall refuses before any rule is checked: a path that is not in
     * canonical form ({@code //}, {@code ;}, an encoded {@code .} or {@code %}, a backslash), an
     * unknown method, or a header with control characters. A 400 problem, not a 500.
     */
    @Bean
    RequestRejectedHandler requestRejected() {
        return (request, response, e) -> ProblemBodies.write(
                response,
                400,
                ProblemTypes.BAD_REQUEST,
                "Bad Request",
                "The request was refused before it reached the service: its path must be in canonical form "
                        + "(no '//', ';', backslash, or encoded '.' or '%'), its method a standard one, its headers "
                        + "printable",
                null,
                Map.of());
    }

    /** One method on one path pattern; {@code *} is one path segment. */
    record Route(HttpMethod method, String pattern) {}

    /**
     * Whether a call needs the key; {@code path} may be a route template as well, such as
     * {@code /users/{id}}, since {@code {id}} is one segment.
     */
    static boolean isProtected(HttpMethod method, String path) {
        PathContainer parsed = PathContainer.parsePath(path);
        return PROTECTED.stream()
                .anyMatch(route -> route.method().equals(method)
                        && PATTERNS.parse(route.pattern()).matches(parsed));
    }

    /** Authenticates a request whose {@code X-API-Key} equals the configured key; leaves any other anonymous. */
    static final class ApiKeyFilter extends OncePerRequestFilter {

        private final byte[] keyDigest;

        ApiKeyFilter(String apiKey) {
            this.keyDigest = apiKey == null || apiKey.isEmpty() ? null : sha256(apiKey);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String given = request.getHeader(HEADER);
            if (keyDigest != null && given != null && matches(given)) {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new Operator());
                SecurityContextHolder.setContext(context);
            }
            chain.doFilter(request, response);
        }

        /** Digests of equal length compared with {@link MessageDigest#isEqual}: the time says nothing of the key. */
        boolean matches(String given) {
            return MessageDigest.isEqual(keyDigest, sha256(given));
        }

        private static byte[] sha256(String text) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }

    /** The one principal: whoever holds the key. */
    /** Whether the request being served came with the right key (health and info show more then). */
    static boolean operator() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof Operator;
    }

    private static final class Operator extends AbstractAuthenticationToken {

        Operator() {
            super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return "operator";
        }
    }
}
