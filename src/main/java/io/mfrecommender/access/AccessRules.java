package io.mfrecommender.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one table of who may call what: each operation of the API with the scope it needs, whether
 * it is a read (open to anyone while {@code recommender.security.open-reads} is true) and whether a
 * token whose subject is the user in the path may read it without the scope. {@code AccessRulesTests}
 * checks that every mapped route has a rule, so a new endpoint cannot be left out.
 */
public final class AccessRules {

    /** Whether a rule's calls are reads (open when reads are) or always guarded. */
    public enum Kind {
        READ,
        GUARDED
    }

    /**
     * One method on one path pattern ({@code *} is one segment).
     *
     * @param self whether the user named by the path's second segment ({@code /users/{id}/...}) may
     *             call it with their own token
     * @param change whether it changes the service (and so is audited)
     */
    public record Rule(HttpMethod method, String pattern, Scope scope, Kind kind, boolean self, boolean change) {

        boolean matches(HttpMethod requested, PathContainer path) {
            return method.equals(requested) && PARSED.get(this).matches(path);
        }
    }

    private static final PathPatternParser PATTERNS = new PathPatternParser();
    private static final Pattern USER_PATH = Pattern.compile("^/users/(-?\\d{1,19})(/|$)");

    private static Rule read(HttpMethod method, String pattern, Scope scope) {
        return new Rule(method, pattern, scope, Kind.READ, false, false);
    }

    private static Rule ownRead(String pattern, Scope scope) {
        return new Rule(HttpMethod.GET, pattern, scope, Kind.READ, true, false);
    }

    private static Rule change(HttpMethod method, String pattern, Scope scope) {
        return new Rule(method, pattern, scope, Kind.GUARDED, false, true);
    }

    /** Every operation; the first rule that matches applies (the export before the version it belongs to). */
    public static final List<Rule> RULES = List.of(
            read(HttpMethod.GET, "/predict", Scope.READ),
            read(HttpMethod.POST, "/predictions", Scope.READ),
            ownRead("/users/*/recommendations", Scope.READ),
            ownRead("/users/*/recommendations/*/explanation", Scope.USER_DATA),
            ownRead("/users/*/ratings", Scope.USER_DATA),
            ownRead("/users/*/events", Scope.USER_DATA),
            read(HttpMethod.GET, "/movies/*", Scope.READ),
            read(HttpMethod.GET, "/movies/*/similar", Scope.READ),
            change(HttpMethod.POST, "/users/*/ratings", Scope.WRITE),
            change(HttpMethod.DELETE, "/users/*/ratings/*", Scope.WRITE),
            change(HttpMethod.POST, "/users/*/events", Scope.WRITE),
            change(HttpMethod.DELETE, "/users/*/events/*/*", Scope.WRITE),
            change(HttpMethod.PUT, "/movies", Scope.WRITE),
            change(HttpMethod.PUT, "/movies/*", Scope.WRITE),
            change(HttpMethod.DELETE, "/movies/*", Scope.WRITE),
            change(HttpMethod.DELETE, "/users/*", Scope.ADMIN),
            change(HttpMethod.POST, "/training-jobs", Scope.ADMIN),
            change(HttpMethod.DELETE, "/training-jobs/*", Scope.ADMIN),
            read(HttpMethod.GET, "/training-jobs", Scope.ADMIN),
            read(HttpMethod.GET, "/training-jobs/*", Scope.ADMIN),
            change(HttpMethod.PUT, "/models/active", Scope.ADMIN),
            change(HttpMethod.POST, "/models/imports", Scope.ADMIN),
            // A version's factors in bulk, every user's vector: guarded like a change, and audited.
            new Rule(HttpMethod.GET, "/models/*/pth", Scope.ADMIN, Kind.GUARDED, false, true),
            read(HttpMethod.GET, "/models", Scope.ADMIN),
            read(HttpMethod.GET, "/models/*", Scope.ADMIN),
            change(HttpMethod.POST, "/experiments", Scope.ADMIN),
            change(HttpMethod.POST, "/experiments/*/end", Scope.ADMIN),
            read(HttpMethod.GET, "/experiments", Scope.ADMIN),
            read(HttpMethod.GET, "/experiments/*", Scope.ADMIN),
            new Rule(HttpMethod.GET, "/audit", Scope.ADMIN, Kind.GUARDED, false, false),
            read(HttpMethod.GET, "/actuator/info", Scope.ADMIN),
            read(HttpMethod.GET, "/actuator/metrics", Scope.ADMIN),
            read(HttpMethod.GET, "/actuator/metrics/*", Scope.ADMIN),
            read(HttpMethod.GET, "/actuator/prometheus", Scope.ADMIN));

    private static final java.util.Map<Rule, PathPattern> PARSED = new java.util.IdentityHashMap<>();

    static {
        RULES.forEach(rule -> PARSED.put(rule, PATTERNS.parse(rule.pattern())));
    }

    /**
     * Paths open to every caller whatever the settings: health for probes (details need
     * {@code admin}), the API's document and its UI, and the console's static files (which hold no
     * data: the console reads through the API with the caller's credential).
     */
    public static boolean alwaysOpen(String path) {
        return path.equals("/actuator/health")
                || path.startsWith("/actuator/health/")
                || path.equals("/v3/api-docs")
                || path.startsWith("/v3/api-docs/")
                || path.equals("/swagger-ui.html")
                || path.startsWith("/swagger-ui/")
                || path.equals("/console")
                || path.startsWith("/console/")
                || path.startsWith("/webjars/uplot/");
    }

    private AccessRules() {}

    /**
     * The rule for a call; {@code path} may be a route template too, such as {@code /users/{id}},
     * since {@code {id}} is one segment. Null when no rule names it.
     */
    public static Rule find(HttpMethod method, String path) {
        PathContainer parsed = PathContainer.parsePath(path);
        for (Rule rule : RULES) {
            if (rule.matches(method, parsed)) {
                return rule;
            }
        }
        return null;
    }

    private static final String RULE = AccessRules.class.getName() + ".rule";
    private static final Object NONE = new Object();

    /**
     * The rule for a request's method and path as received, or null (none, or a path that does not
     * parse); found once per request (the security chain, the limits and the audit all ask) and kept
     * in a request attribute, which the request's asynchronous dispatch shares.
     */
    public static Rule of(HttpServletRequest request) {
        Object known = request.getAttribute(RULE);
        if (known != null) {
            return known == NONE ? null : (Rule) known;
        }
        Rule rule;
        try {
            rule = find(HttpMethod.valueOf(request.getMethod()), request.getRequestURI());
        } catch (IllegalArgumentException unparsable) {
            rule = null;
        }
        request.setAttribute(RULE, rule == null ? NONE : rule);
        return rule;
    }

    /** The user a {@code /users/{id}/...} path names, or null. */
    public static Long pathUser(String path) {
        Matcher matcher = USER_PATH.matcher(path);
        if (!matcher.find()) {
            return null;
        }
        try {
            return Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
