package io.mfrecommender.system;

import io.mfrecommender.access.AccessProperties;
import io.mfrecommender.access.AccessRules;
import io.mfrecommender.access.ApiKeys;
import io.mfrecommender.access.Credential;
import io.mfrecommender.access.TokenScopes;
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
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may do what, applied to every request by Spring Security: an API key in {@code X-API-Key}
 * ({@link ApiKeys}) or, when an issuer or JWK set is configured, a bearer token
 * ({@link TokenScopes}) becomes a {@link Credential}; {@link AccessRules} says which scope each
 * operation needs. Reads are open while {@code recommender.security.open-reads} is true (the
 * default); then a read without a credential skips the chain, as it needs nothing (the firewall
 * still checks every request). A user's own token reads that user's data.
 *
 * <p>No credential, or one that is not valid: 401 with {@code WWW-Authenticate} and a problem
 * ({@code /problems/api-key-required}, or {@code /problems/invalid-token} for a bad token). A valid
 * credential without the scope: 403 {@code /problems/insufficient-scope}, naming it. With no key
 * and no token issuer configured, the calls a credential would allow are 403
 * {@code /problems/changes-disabled}, and the log says how to set one: the service never starts
 * with an open admin surface. No sessions, no cookies: nothing for CSRF to ride on.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String HEADER = "X-API-Key";

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final String HOW_TO_SET = "set recommender.security.api-key (environment variable "
            + "RECOMMENDER_SECURITY_API_KEY) to at least 16 characters and send it in the " + HEADER
            + " header, or list keys in recommender.security.keys-file";

    @Bean
    SecurityFilterChain accessSecurity(
            HttpSecurity http,
            ApiKeys keys,
            AccessProperties access,
            ObjectProvider<JwtDecoder> jwtDecoder,
            ObjectProvider<MeterRegistry> meterRegistry)
            throws Exception {
        MeterRegistry meters = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
        boolean tokens = jwtDecoder.getIfAvailable() != null;
        boolean anyCredential = keys.any() || tokens;
        if (!anyCredential) {
            log.warn(
                    "No API key and no token issuer are configured, so every call that needs a credential is "
                            + "refused (403){}: {}",
                    access.openReads() ? "" : ", reads included",
                    HOW_TO_SET);
        }
        boolean openReads = access.openReads();
        AtomicBoolean refusalLogged = new AtomicBoolean();
        // With reads open, a call without a credential that needs none skips the chain.
        http.securityMatcher(request -> !openReads
                        || request.getHeader(HEADER) != null
                        || request.getHeader("Authorization") != null
                        || needsCredential(request))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyFilter(keys, Clock.systemUTC()), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> {
                    // The request dispatch was already authorised; the async dispatch after its body is read follows
                    // it.
                    requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                            .permitAll();
                    requests.anyRequest().access(decide(openReads));
                })
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
                            refuse(request, response, e, anyCredential, tokens, meters, refusalLogged);
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            if (Credential.current() == null) {
                                refuse(request, response, null, anyCredential, tokens, meters, refusalLogged);
                                return;
                            }
                            AccessRules.Rule rule = AccessRules.of(request);
                            count(meters, "insufficient-scope");
                            ProblemBodies.write(
                                    response,
                                    403,
                                    ProblemTypes.INSUFFICIENT_SCOPE,
                                    "Insufficient scope",
                                    "This call needs the scope "
                                            + (rule == null
                                                    ? "of a credential"
                                                    : rule.scope().word())
                                            + ", which the credential "
                                            + Credential.current().id()
                                            + " does not hold",
                                    request.getRequestURI(),
                                    rule == null
                                            ? Map.of()
                                            : Map.of("scope", rule.scope().word()));
                        }));
        if (tokens) {
            TokenScopes converter = new TokenScopes(access.jwt());
            http.oauth2ResourceServer(
                    resource -> resource.jwt(jwt -> jwt.jwtAuthenticationConverter(converter::convert))
                            .authenticationEntryPoint((request, response, e) ->
                                    refuse(request, response, e, anyCredential, true, meters, refusalLogged)));
        }
        return http.build();
    }

    /** Whether the call needs a credential even with reads open: the guarded ones, and health details. */
    private static boolean needsCredential(HttpServletRequest request) {
        AccessRules.Rule rule = AccessRules.of(request);
        return rule != null && rule.kind() == AccessRules.Kind.GUARDED;
    }

    /** Grants what the request's rule allows its credential, or everything open. */
    static AuthorizationManager<RequestAuthorizationContext> decide(boolean openReads) {
        return (authentication, context) -> {
            HttpServletRequest request = context.getRequest();
            String path = request.getRequestURI();
            if (AccessRules.alwaysOpen(path)) {
                return new AuthorizationDecision(true);
            }
            Authentication who = authentication.get();
            Credential credential = who instanceof Credential held ? held : null;
            AccessRules.Rule rule = AccessRules.of(request);
            if (rule == null) {
                // Not an operation (an unknown path answers 404): open when reads are, else for any credential.
                return new AuthorizationDecision(openReads || credential != null);
            }
            if (rule.kind() == AccessRules.Kind.READ && openReads) {
                return new AuthorizationDecision(true);
            }
            return new AuthorizationDecision(credential != null && credential.allows(rule, path));
        };
    }

    private static void count(MeterRegistry meters, String reason) {
        Counter.builder("recommender.security.refused")
                .description("Calls refused for want of a valid credential or scope, by reason")
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    /** 401 for a missing or invalid credential; 403 when the service has none configured. */
    private static void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            AuthenticationException failure,
            boolean anyCredential,
            boolean tokens,
            MeterRegistry meters,
            AtomicBoolean refusalLogged)
            throws IOException {
        if (!anyCredential) {
            count(meters, "no-key-configured");
            if (refusalLogged.compareAndSet(false, true)) {
                log.warn(
                        "Refused {} {}: no credential is configured; {}",
                        request.getMethod(),
                        RequestGuard.printable(request.getRequestURI()),
                        HOW_TO_SET);
            }
            ProblemBodies.write(
                    response,
                    403,
                    ProblemTypes.CHANGES_DISABLED,
                    "Changes disabled",
                    "This service has no API key configured, so it refuses every call that needs one; its "
                            + "operator can set one",
                    request.getRequestURI(),
                    Map.of());
            return;
        }
        boolean bearer = String.valueOf(request.getHeader("Authorization")).regionMatches(true, 0, "Bearer ", 0, 7);
        String challenge = "ApiKey header=\"" + HEADER + "\"" + (tokens ? ", Bearer" : "");
        if (bearer && tokens) {
            count(meters, "invalid-token");
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", ApiKey header=\"" + HEADER + "\"");
            ProblemBodies.write(
                    response,
                    401,
                    ProblemTypes.INVALID_TOKEN,
                    "Invalid token",
                    "The bearer token is not one this service accepts (expired, wrongly signed, for another "
                            + "audience, or unsigned)",
                    request.getRequestURI(),
                    Map.of());
            return;
        }
        boolean given = request.getHeader(HEADER) != null;
        count(meters, given ? "wrong-key" : "missing-key");
        response.setHeader("WWW-Authenticate", challenge);
        ProblemBodies.write(
                response,
                401,
                ProblemTypes.API_KEY_REQUIRED,
                "API key required",
                given
                        ? "The " + HEADER + " header does not hold an API key in use"
                        : "This call needs a credential: send the API key in the " + HEADER + " header"
                                + (tokens ? " or a bearer token" : ""),
                request.getRequestURI(),
                Map.of());
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

    /** Authenticates a request whose {@code X-API-Key} is a key in use; leaves any other without a credential. */
    static final class ApiKeyFilter extends OncePerRequestFilter {

        private final ApiKeys keys;
        private final Clock clock;

        ApiKeyFilter(ApiKeys keys, Clock clock) {
            this.keys = keys;
            this.clock = clock;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String given = request.getHeader(HEADER);
            if (given != null && SecurityContextHolder.getContext().getAuthentication() == null) {
                ApiKeys.Key key = keys.find(given, clock.instant());
                if (key != null) {
                    SecurityContext context = SecurityContextHolder.createEmptyContext();
                    context.setAuthentication(new Credential("key:" + key.id(), key.scopes(), null, key.rate()));
                    SecurityContextHolder.setContext(context);
                }
            }
            chain.doFilter(request, response);
        }
    }
}
