package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.access.AccessRules;
import io.mfrecommender.access.ApiKeys;
import io.mfrecommender.access.Scope;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what (#34): every operation of the served document, which is made
 * from the routes, called with no credential, a key of each scope, a user's own token, another
 * user's token, and expired, forged, wrong-audience and unsigned tokens; the status must be the one
 * {@link AccessRules} gives: let through (anything but 401/403), 401 without a valid credential,
 * 403 with one that lacks the scope. {@link AccessMatrixIT} runs it with reads closed,
 * {@link AccessMatrixOpenReadsIT} with reads open.
 */
abstract class AccessMatrix {

    static final TokenIssuer ISSUER = new TokenIssuer();
    static final Map<Scope, String> KEYS = Map.of(
            Scope.READ, "reader-key-0123456789abcdef",
            Scope.USER_DATA, "user-data-key-0123456789abcdef",
            Scope.WRITE, "writer-key-0123456789abcdef",
            Scope.ADMIN, "admin-key-0123456789abcdef");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static void register(DynamicPropertyRegistry registry, Path dir, boolean openReads) {
        TinyService.properties(registry, dir);
        ISSUER.properties(registry);
        registry.add("recommender.security.open-reads", () -> Boolean.toString(openReads));
        int i = 0;
        for (Map.Entry<Scope, String> key : KEYS.entrySet()) {
            int n = i++;
            registry.add(
                    "recommender.security.keys[" + n + "].id",
                    () -> key.getKey().name().toLowerCase(Locale.ROOT));
            registry.add(
                    "recommender.security.keys[" + n + "].scopes",
                    () -> key.getKey().word());
            registry.add("recommender.security.keys[" + n + "].digest", () -> ApiKeys.digest(key.getValue()));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    abstract boolean openReads();

    /** One way of calling: its headers, whether it is a valid credential, its scopes and its user. */
    record Caller(String name, Map<String, String> headers, boolean valid, Set<Scope> scopes, Long user) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Caller> callers() {
        List<Caller> callers = new ArrayList<>();
        callers.add(new Caller("no credential", Map.of(), false, Set.of(), null));
        callers.add(
                new Caller("a wrong key", Map.of("X-API-Key", "wrong-key-0123456789abcdef"), false, Set.of(), null));
        KEYS.forEach((scope, key) ->
                callers.add(new Caller(scope.word() + " key", Map.of("X-API-Key", key), true, Set.of(scope), null)));
        callers.add(new Caller("user 900's own token", TokenIssuer.bearer(ISSUER.token("900")), true, Set.of(), 900L));
        callers.add(new Caller("user 901's token", TokenIssuer.bearer(ISSUER.token("901")), true, Set.of(), 901L));
        callers.add(new Caller(
                "a write-scoped token",
                TokenIssuer.bearer(ISSUER.token("shop", "write")),
                true,
                Set.of(Scope.WRITE),
                null));
        callers.add(new Caller(
                "an expired admin token", TokenIssuer.bearer(ISSUER.expired("ops", "admin")), false, Set.of(), null));
        callers.add(new Caller(
                "a forged admin token", TokenIssuer.bearer(ISSUER.forged("ops", "admin")), false, Set.of(), null));
        callers.add(new Caller(
                "an admin token for another audience",
                TokenIssuer.bearer(ISSUER.otherAudience("ops", "admin")),
                false,
                Set.of(),
                null));
        callers.add(new Caller(
                "an unsigned admin token", TokenIssuer.bearer(ISSUER.unsigned("ops", "admin")), false, Set.of(), null));
        return callers;
    }

    /** A concrete call for each operation of the document, with a body where it takes one. */
    record Call(String method, String template, String path, String body) {}

    private static Call call(String method, String template) {
        String path = template.replace("{movie}", "1").replace("{type}", "play");
        if (template.startsWith("/users/")) {
            path = path.replace("{id}", "900");
        } else if (template.startsWith("/movies/")) {
            // Writes touch a movie of their own (retiring movie 1 would change other tests' lists).
            path = path.replace("{id}", method.equals("GET") ? "1" : "990001");
        }
        path = path.replace("{id}", "none").replace("{version}", "none").replace("{name}", "none");
        if (template.equals("/users/{id}/recommendations") || template.equals("/predict")) {
            path += template.equals("/predict") ? "?user=1&movie=1" : "";
        }
        String body = switch (method + " " + template) {
            case "POST /predictions" -> "{\"pairs\":[{\"user\":1,\"movie\":1}]}";
            case "POST /users/{id}/ratings" -> "{\"movie\":1,\"rating\":4}";
            case "POST /users/{id}/events" -> "{\"movie\":1,\"type\":\"play\"}";
            case "PUT /movies/{id}" -> "{\"title\":\"Matrix\",\"genres\":[\"Drama\"]}";
            case "POST /training-jobs" -> "{\"colour\":1}";
            case "PUT /models/active" -> "{\"version\":\"none\"}";
            case "POST /experiments" -> "{\"name\":\"m\",\"variants\":[]}";
            case "POST /experiments/{name}/end" -> "{\"promote\":\"A\"}";
            default -> null;
        };
        return new Call(method, template, path, body);
    }

    /** What {@link AccessRules} says the caller gets: 0 for let through, else 401 or 403. */
    int expected(Call call, Caller caller) {
        AccessRules.Rule rule =
                AccessRules.find(HttpMethod.valueOf(call.method()), call.path().split("\\?")[0]);
        boolean bearer = caller.headers().containsKey("Authorization");
        if (bearer && !caller.valid()) {
            return 401; // an invalid token is refused wherever it is sent
        }
        if (rule.kind() == AccessRules.Kind.READ && openReads()) {
            return 0;
        }
        if (!caller.valid()) {
            return 401;
        }
        boolean scoped = caller.scopes().stream().anyMatch(scope -> scope.grants(rule.scope()));
        boolean own = rule.self() && caller.user() != null && caller.user().equals(AccessRules.pathUser(call.path()));
        return scoped || own ? 0 : 403;
    }

    @Test
    void everyOperationGivesEachCallerWhatTheRulesSay() throws Exception {
        TinyService service = new TinyService(port);
        service.awaitReadiness();
        JsonNode document = JSON.readTree(
                service.send("GET", "/v3/api-docs", null, Map.of()).body());
        List<Call> calls = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().propertyNames().forEach(verb -> {
                    calls.add(call(verb.toUpperCase(Locale.ROOT), path.getKey()));
                }));
        // Every route the service maps is in the document, and every operation has a rule.
        mappings.getHandlerMethods()
                .keySet()
                .forEach(info -> info.getPatternValues().forEach(pattern -> {
                    if (!pattern.startsWith("/v3/") && !pattern.startsWith("/swagger") && !pattern.equals("/error")) {
                        info.getMethodsCondition()
                                .getMethods()
                                .forEach(method -> assertThat(calls)
                                        .as(method + " " + pattern + " is in the document")
                                        .anyMatch(call -> call.method().equals(method.name())
                                                && call.template().equals(pattern)));
                    }
                }));
        assertThat(calls).hasSizeGreaterThanOrEqualTo(25);
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (Call call : calls) {
            assertThat(AccessRules.find(HttpMethod.valueOf(call.method()), call.template()))
                    .as(call.method() + " " + call.template() + " has a rule")
                    .isNotNull();
            for (Caller caller : callers()) {
                Map<String, String> headers = new LinkedHashMap<>(caller.headers());
                HttpResponse<String> response = service.send(call.method(), call.path(), call.body(), headers);
                int expected = expected(call, caller);
                int status = response.statusCode();
                boolean right = expected == 0 ? status != 401 && status != 403 : status == expected;
                seen.merge(expected == 0 ? "let through" : Integer.toString(expected), 1, Integer::sum);
                if (!right) {
                    wrong.add(call.method() + " " + call.path() + " with " + caller + ": " + status + " (expected "
                            + (expected == 0 ? "neither 401 nor 403" : expected) + ") " + response.body());
                }
                if (status == 401) {
                    assertThat(response.headers().firstValue("WWW-Authenticate"))
                            .isPresent();
                }
            }
        }
        assertThat(wrong).as("calls answered against the rules").isEmpty();
        assertThat(seen).containsKeys("let through", "401");
        if (!openReads()) {
            assertThat(seen).containsKey("403");
        }
    }
}
