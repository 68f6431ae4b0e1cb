package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API key over real HTTP: each call that changes the service with no key, a wrong key and the
 * right one; reads open with or without one; actuator's exposure; and no filesystem path in what
 * a client can read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityIT {

    static final String KEY = "security-it-key-0123456789";
    private static final Path DIR = TinyService.directory("mf-recommender-security");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.properties(registry, DIR, KEY);
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private TinyService service;

    @BeforeEach
    void awaitReadiness() throws Exception {
        service = new TinyService(port);
        service.awaitReadiness();
    }

    /** One call that changes the service, with a body where it takes one. */
    record Change(String method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Every protected route, on a user (900) the data does not have, and the export of {@code version}. */
    static List<Change> changes(String version, String job) {
        return List.of(
                new Change("POST", "/training-jobs", "{\"activation\":\"never\",\"ranker\":false}"),
                new Change("DELETE", "/training-jobs/" + job, null),
                new Change("PUT", "/models/active", "{\"version\":\"" + version + "\"}"),
                new Change("POST", "/users/900/ratings", "[{\"movie\":1,\"rating\":5},{\"movie\":2,\"rating\":4}]"),
                new Change("DELETE", "/users/900/ratings/1", null),
                new Change("DELETE", "/users/900", null),
                new Change("PUT", "/movies/990001", "{\"title\":\"Refused\",\"genres\":[\"Drama\"]}"),
                new Change("POST", "/models/imports", null),
                new Change("GET", "/models/" + version + "/pth", null),
                new Change("POST", "/experiments", "{\"name\":\"refused\",\"variants\":[]}"),
                new Change("POST", "/experiments/none/end", "{\"promote\":\"A\"}"));
    }

    private HttpResponse<String> call(Change change, Map<String, String> headers) throws Exception {
        return service.send(change.method(), change.path(), change.body(), headers);
    }

    private String activeVersion() throws Exception {
        Matcher version = Pattern.compile("\"active\":\"([^\"]+)\"")
                .matcher(service.send("GET", "/models", null, Map.of()).body());
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    /** {@code recommender.security.refused} for one reason, 0 before the first. */
    private double refused(String reason) throws Exception {
        Matcher value = Pattern.compile(
                        "recommender_security_refused_total\\{[^}]*reason=\"" + reason + "\"[^}]*} (\\S+)")
                .matcher(service.send("GET", "/actuator/prometheus", null, Map.of())
                        .body());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    @Test
    void everyChangeIsRefusedWithoutTheRightKeyAndChangesNothing() throws Exception {
        String jobs = service.send("GET", "/training-jobs", null, Map.of()).body();
        double missingBefore = refused("missing-key");
        double wrongBefore = refused("wrong-key");
        for (Change change : changes(activeVersion(), "20260101-000000-1")) {
            for (Map<String, String> headers : List.of(
                    Map.<String, String>of(),
                    Map.of("X-API-Key", "wrong"),
                    Map.of("X-API-Key", KEY + "x"),
                    Map.of("X-API-Key", KEY.substring(1)),
                    Map.of("X-API-Key", ""))) {
                HttpResponse<String> response = call(change, headers);
                assertThat(response.statusCode()).as(change + " " + headers).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type"))
                        .get()
                        .asString()
                        .startsWith("application/problem+json");
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey header=\"X-API-Key\"");
                assertThat(response.body())
                        .contains("\"type\":\"/problems/api-key-required\"")
                        .contains(headers.isEmpty() ? "send the API key" : "does not hold an API key in use");
            }
        }
        assertThat(service.send("GET", "/users/900/ratings", null, Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(service.send("GET", "/training-jobs", null, Map.of()).body()).isEqualTo(jobs);
        assertThat(refused("missing-key") - missingBefore).isEqualTo(11);
        assertThat(refused("wrong-key") - wrongBefore).isEqualTo(44);
    }

    @Test
    void theRightKeyIsLetThroughToEveryChange() throws Exception {
        Map<String, String> key = Map.of("X-API-Key", KEY);
        List<Change> changes = changes(activeVersion(), "placeholder");
        HttpResponse<String> submitted = call(changes.get(0), key);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String job = submitted.headers().firstValue("Location").orElseThrow().replace("/training-jobs/", "");
        // Cancelled, or already finished (409): either way the call was let through.
        assertThat(call(changes(activeVersion(), job).get(1), key).statusCode()).isIn(200, 409);
        assertThat(call(changes.get(2), key).statusCode()).isEqualTo(200);
        assertThat(call(changes.get(3), key).statusCode()).isEqualTo(201);
        assertThat(call(changes.get(4), key).statusCode()).isEqualTo(204);
        assertThat(call(changes.get(5), key).statusCode()).isEqualTo(204);
        assertThat(service.send("GET", "/users/900/ratings", null, Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(call(changes.get(6), key).statusCode()).isEqualTo(201);
        // An import without a file: let through, then refused for the missing body.
        assertThat(call(changes.get(7), key).statusCode()).isEqualTo(400);
        assertThat(call(changes.get(8), key).statusCode()).isEqualTo(200);
        // An experiment without variants, the end of one that does not exist: let through, then refused.
        assertThat(call(changes.get(9), key).statusCode()).isEqualTo(400);
        assertThat(call(changes.get(10), key).statusCode()).isEqualTo(404);
    }

    @Test
    void readsStayOpenWithAnyKeyOrNone() throws Exception {
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("X-API-Key", "wrong"))) {
            assertThat(service.send("GET", "/predict?user=1&movie=1", null, headers)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(service.send("GET", "/users/1/recommendations", null, headers)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(service.send("GET", "/movies/1/similar", null, headers).statusCode())
                    .isEqualTo(200);
            assertThat(service.send("POST", "/predictions", "{\"pairs\":[{\"user\":1,\"movie\":1}]}", headers)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(service.send("GET", "/models", null, headers).statusCode())
                    .isEqualTo(200);
            assertThat(service.send("GET", "/training-jobs", null, headers).statusCode())
                    .isEqualTo(200);
            assertThat(service.send("GET", "/actuator/health/liveness", null, headers)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(service.send("GET", "/actuator/health/readiness", null, headers)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(service.send("GET", "/v3/api-docs", null, headers).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void actuatorExposesFourEndpointsAndHealthDetailsOnlyWithTheKey() throws Exception {
        for (String path : List.of(
                "/actuator",
                "/actuator/env",
                "/actuator/beans",
                "/actuator/configprops",
                "/actuator/heapdump",
                "/actuator/threaddump",
                "/actuator/loggers",
                "/actuator/mappings",
                "/actuator/shutdown",
                "/actuator/logfile",
                "/actuator/scheduledtasks")) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("X-API-Key", KEY))) {
                HttpResponse<String> response = service.send("GET", path, null, headers);
                assertThat(response.statusCode()).as(path).isEqualTo(404);
                assertThat(response.body()).contains("\"type\":\"/problems/not-found\"");
            }
        }
        assertThat(service.send("POST", "/actuator/shutdown", null, Map.of("X-API-Key", KEY))
                        .statusCode())
                .isEqualTo(404);
        for (String path : List.of("/actuator/info", "/actuator/metrics", "/actuator/prometheus")) {
            assertThat(service.send("GET", path, null, Map.of()).statusCode())
                    .as(path)
                    .isEqualTo(200);
        }
        for (String path : List.of("/actuator/health", "/actuator/health/readiness")) {
            String anonymous = service.send("GET", path, null, Map.of()).body();
            assertThat(anonymous).as(path).doesNotContain("components", "diskSpace", "model", "details");
            assertThat(service.send("GET", path, null, Map.of("X-API-Key", "wrong"))
                            .body())
                    .isEqualTo(anonymous);
            assertThat(service.send("GET", path, null, Map.of("X-API-Key", KEY)).body())
                    .as(path)
                    .contains("\"components\"", "\"model\"", "\"users\":");
        }
        assertThat(service.send("GET", "/actuator/health", null, Map.of("X-API-Key", KEY))
                        .body())
                .contains("\"diskSpace\"");
    }

    @Test
    void nothingAClientCanReadNamesAFilesystemPath() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (String path : List.of(
                "/actuator/info",
                "/actuator/health",
                "/actuator/health/readiness",
                "/models",
                "/models/" + activeVersion(),
                "/training-jobs",
                "/v3/api-docs",
                "/models/../../etc/passwd",
                "/models/nope",
                "/users/99999/ratings",
                "/movies/99999",
                "/nothing/here",
                "/error")) {
            bodies.add(service.send("GET", path, null, Map.of()).body());
        }
        bodies.add(service.send("PUT", "/models/active", "{\"version\":\"../../etc\"}", Map.of("X-API-Key", KEY))
                .body());
        bodies.add(service.send("PUT", "/models/active", "{\"version\":\"nope\"}", Map.of("X-API-Key", KEY))
                .body());
        bodies.add(service.send("POST", "/training-jobs", "{\"colour\":1}", Map.of("X-API-Key", KEY))
                .body());
        bodies.add(service.send("GET", "/actuator/health", null, Map.of("X-API-Key", KEY))
                .body());
        bodies.add(service.send("GET", "/actuator/info", null, Map.of("X-API-Key", KEY))
                .body());
        List<String> roots = List.of(
                DIR.toString(),
                DIR.toRealPath().toString(),
                System.getProperty("java.io.tmpdir"),
                System.getProperty("user.dir"),
                System.getProperty("user.home"));
        for (String body : bodies) {
            for (String root : roots) {
                assertThat(body).doesNotContain(root);
            }
            // The dataset is described by its file name (ratings.dat here), never where it lies.
            assertThat(body).doesNotContain(".npy", "manifest.json", "posted-ratings.journal");
        }
        assertThat(bodies.get(0)).contains("\"model\"").contains("\"dataset\"");
    }

    /**
     * What a client sends comes back bounded and escaped; every response, reads, problems and
     * Swagger UI, carries the browser headers; no URL is built from the client's Host.
     */
    @Test
    void echoesAreBoundedAndEscapedAndEveryResponseCarriesTheBrowserHeaders() throws Exception {
        String huge = "v".repeat(900_000);
        HttpResponse<String> big =
                service.send("PUT", "/models/active", "{\"version\":\"" + huge + "\"}", Map.of("X-API-Key", KEY));
        assertThat(big.statusCode()).isBetween(400, 499);
        assertThat(big.body().length()).as(big.body()).isLessThan(4_096);
        assertThat(big.body()).contains("characters)");

        HttpResponse<String> controls = service.send(
                "GET",
                "/users/1/recommendations?sort=" + URLEncoder.encode("a\u2028b\u0085c\u001bd", StandardCharsets.UTF_8),
                null,
                Map.of());
        assertThat(controls.statusCode()).isEqualTo(400);
        assertThat(controls.body()).doesNotContain("\u2028", "\u0085", "\u001b").contains("\\u2028");

        for (String path :
                List.of("/predict?user=1&movie=1", "/nothing/here", "/swagger-ui/index.html", "/v3/api-docs")) {
            HttpResponse<String> response = service.send("GET", path, null, Map.of());
            assertThat(response.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options"))
                    .as(path)
                    .hasValue("DENY");
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        }
        assertThat(service.send("GET", "/training-jobs", null, Map.of("X-API-Key", KEY))
                        .headers()
                        .allValues("X-Frame-Options"))
                .as("set once, also where Spring Security writes its own")
                .hasSize(1);

        HttpResponse<String> config = service.send(
                "GET",
                "/v3/api-docs/swagger-config",
                null,
                Map.of("X-Forwarded-Host", "attacker.example", "X-Forwarded-Proto", "https"));
        assertThat(config.body()).contains("oauth2RedirectUrl").doesNotContain("attacker.example");
    }

    /** A new endpoint that changes state cannot be left open by forgetting it in SecurityConfiguration. */
    @Test
    void everyMappedChangeIsProtected() throws Exception {
        Set<RequestMethod> reads = Set.of(RequestMethod.GET, RequestMethod.HEAD, RequestMethod.OPTIONS);
        List<String> mappedChanges = new ArrayList<>();
        mappings.getHandlerMethods()
                .keySet()
                .forEach(info -> info.getPathPatternsCondition()
                        .getPatternValues()
                        .forEach(path -> info.getMethodsCondition().getMethods().forEach(method -> {
                            if (!reads.contains(method) && !path.equals("/predictions") && !path.equals("/error")) {
                                mappedChanges.add(method + " " + path);
                            }
                        })));
        assertThat(mappedChanges).hasSize(14);
        for (String change : mappedChanges) {
            String[] parts = change.split(" ");
            // Route templates such as {id} are one segment, so a request there must be refused without the key.
            String concrete = parts[1].replaceAll("\\{[^}]+}", "1");
            // A JSON body where the route takes one (the upload routes take a file: sent without one).
            boolean json =
                    !parts[0].equals("DELETE") && !concrete.equals("/models/imports") && !concrete.equals("/movies");
            HttpResponse<String> response = service.send(parts[0], concrete, json ? "{}" : null, Map.of());
            assertThat(response.statusCode()).as(change).isEqualTo(401);
        }
    }
}
