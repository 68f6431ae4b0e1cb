package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract test (#33): the README's flow and the bad requests a client makes, each request and
 * response checked against the served {@code /v3/api-docs} by {@link ContractValidator} (status
 * listed, declared headers sent, content type named, JSON bodies valid against their schemas, with
 * networknt's OpenAPI 3.1 dialect). Covers every operation of the document: predictions one and
 * batch, lists (known, unknown and folded-in users), movies, similar movies, an explanation, ratings
 * posted, listed, removed and erased, a keyed training job to its end, versions listed, read and
 * activated, an experiment started, reported, listed and ended, a catalogue entry, a {@code .pth}
 * exported and imported back; and 400, 401, 404, 406, 409 and 415 answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiContractIT {

    private static final String KEY = "contract-it-key-0123456789";
    private static final Path DIR = TinyService.directory("mf-recommender-contract");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.properties(registry, DIR, KEY);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private ContractValidator contract;

    @Test
    void everyOperationAnswersAsTheDocumentSays() throws Exception {
        new TinyService(port).awaitReadiness();
        contract =
                new ContractValidator(send("GET", "/v3/api-docs", null, false).body());

        // Reads, and what a client gets wrong.
        call("GET", "/predict?user=1&movie=1", null, false);
        call("GET", "/predict?user=x&movie=1", null, false);
        call("GET", "/predict?user=1&movie=999999", null, false);
        call("POST", "/predictions", "{\"pairs\":[{\"user\":1,\"movie\":1},{\"user\":99999,\"movie\":2}]}", false);
        call("POST", "/predictions", "{\"pairs\":[{\"user\":1,\"movie\":1}],\"limit\":5}", false);
        exchange("POST", "/predictions", "pairs=1", "text/plain", false, null);
        exchange("GET", "/predict?user=1&movie=1", null, null, false, "text/plain");
        call("GET", "/users/1/recommendations?limit=5&genre=", null, false);
        call("GET", "/users/99999/recommendations", null, false);
        call("GET", "/users/1/recommendations?limit=0", null, false);
        long movie = JSON.readTree(
                        call("GET", "/users/1/ratings?limit=3", null, false).body())
                .path("ratings")
                .path(0)
                .path("movie")
                .asLong();
        call("GET", "/movies/" + movie, null, false);
        call("GET", "/movies/" + movie + "/similar?limit=3", null, false);
        call("GET", "/movies/999999", null, false);
        call("GET", "/users/1/recommendations/" + movie + "/explanation", null, false);

        // Ratings posted, read, removed, erased.
        call("POST", "/users/77777/ratings", "[{\"movie\":" + movie + ",\"rating\":5}]", true);
        call("POST", "/users/77777/ratings", "[{\"movie\":" + movie + ",\"rating\":5}]", false);
        call("GET", "/users/77777/recommendations?limit=3", null, false);
        call("GET", "/users/77777/ratings", null, false);
        call("DELETE", "/users/77777/ratings/" + movie, null, true);
        call("DELETE", "/users/77777/ratings/" + movie, null, true);
        call("DELETE", "/users/77777", null, true);
        call("DELETE", "/users/77777", null, true);

        // Events posted, read, refused, removed.
        call(
                "POST",
                "/users/77778/events",
                "[{\"movie\":" + movie + ",\"type\":\"play\"},{\"movie\":" + movie
                        + ",\"type\":\"not-interested\",\"at\":\"2026-01-01T00:00:00Z\"}]",
                true);
        call("POST", "/users/77778/events", "{\"movie\":" + movie + ",\"type\":\"rewatch\"}", true);
        call("POST", "/users/77778/events", "{\"movie\":999999,\"type\":\"view\"}", true);
        call("GET", "/users/77778/events", null, false);
        call("GET", "/users/77779/events", null, false);
        call("DELETE", "/users/77778/events/" + movie + "/not-interested", null, true);
        call("DELETE", "/users/77778/events/" + movie + "/not-interested", null, true);

        // A training job to its end, the versions, one activated again.
        JsonNode job = JSON.readTree(call("POST", "/training-jobs", "{\"activation\":\"never\"}", true)
                .body());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        String status;
        do {
            Thread.sleep(200);
            status = JSON.readTree(
                            call("GET", "/training-jobs/" + job.path("id").asString(), null, false)
                                    .body())
                    .path("status")
                    .asString();
            assertThat(Instant.now()).as("the job ends in time").isBefore(deadline);
        } while (status.equals("QUEUED") || status.equals("RUNNING"));
        call("GET", "/training-jobs?page=0&size=5", null, false);
        call("GET", "/training-jobs/nope", null, false);
        call("DELETE", "/training-jobs/" + job.path("id").asString(), null, true);
        JsonNode versions = JSON.readTree(call("GET", "/models", null, false).body());
        JsonNode audit = JSON.readTree(call("GET", "/audit?limit=5", null, true).body());
        assertThat(audit.path("entries").size()).isPositive();
        assertThat(call("GET", "/audit?since=yesterday", null, true).body())
                .contains("\"type\":\"/problems/invalid-parameter\"")
                .contains("\"status\":400")
                .contains("\"parameter\":\"since\"");
        assertThat(call("GET", "/audit", null, false).statusCode()).isEqualTo(401);
        List<String> saved = new ArrayList<>();
        versions.path("versions")
                .forEach(version -> saved.add(version.path("version").asString()));
        assertThat(saved).hasSizeGreaterThanOrEqualTo(2);
        String active = versions.path("active").asString();
        call("GET", "/models/" + saved.get(0), null, false);
        call("GET", "/models/nope", null, false);
        call("PUT", "/models/active", "{\"version\":\"" + active + "\"}", true);

        // An experiment between the two versions.
        String start = "{\"name\":\"contract\",\"variants\":[{\"name\":\"A\",\"version\":\"" + saved.get(0)
                + "\",\"share\":50},{\"name\":\"B\",\"version\":\"" + saved.get(1) + "\",\"share\":50}]}";
        call("POST", "/experiments", start, true);
        call("POST", "/experiments", start, true);
        call("GET", "/users/1/recommendations?limit=3", null, false);
        call("GET", "/predict?user=1&movie=" + movie, null, false);
        call("GET", "/experiments", null, false);
        call("GET", "/experiments/contract", null, false);
        call("POST", "/experiments/contract/end", "{\"promote\":\"A\"}", true);
        call("GET", "/experiments/nope", null, false);

        // The catalogue, and a .pth exported and imported back.
        call("PUT", "/movies/5000", "{\"title\":\"A New Movie\",\"year\":2020,\"genres\":[\"Drama\"]}", true);
        call("PUT", "/movies/5000", "{\"title\":\"\"}", true);
        call(
                "PUT",
                "/movies/5001",
                "{\"title\":\"Windowed\",\"availableFrom\":\"2027-01-01T00:00:00Z\",\"availableUntil\":\"2027-02-01T00:00:00Z\"}",
                true);
        call("DELETE", "/movies/5001", null, true);
        exchange(
                "PUT",
                "/movies",
                "{\"id\":5002,\"title\":\"Bulk\",\"genres\":[\"Drama\"]}\n{\"id\":5003,\"title\":\"Bulk Too\"}\n",
                "application/x-ndjson",
                true,
                null);
        exchange("PUT", "/movies", "id,title,year\n5004,Bulk CSV,2020\n5005,Bad,soon\n", "text/csv", true, null);
        exchange("PUT", "/movies?lenient=true", "id,title,year\n5005,Bad,soon\n", "text/csv", true, null);
        exchange("PUT", "/movies", "{\"id\":5006,\"title\":\"x\"}", "application/json", true, null);
        call("DELETE", "/movies/999998", null, true);
        call("GET", "/movies/5000", null, false);
        HttpResponse<byte[]> pth = http.send(
                HttpRequest.newBuilder(uri("/models/" + active + "/pth"))
                        .header("X-API-Key", KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        contract.check("GET", "/models/" + active + "/pth", null, pth);
        assertThat(pth.statusCode()).isEqualTo(200);
        HttpResponse<String> imported = http.send(
                HttpRequest.newBuilder(uri("/models/imports?name=contract.pth"))
                        .header("X-API-Key", KEY)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(pth.body()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        contract.check("POST", "/models/imports", null, imported);
        assertThat(imported.statusCode()).isEqualTo(201);

        assertThat(contract.violations())
                .as("violations of the served document")
                .isEmpty();
        TreeSet<String> uncovered = contract.operations();
        uncovered.removeAll(contract.covered());
        assertThat(uncovered).as("operations the test did not exercise").isEmpty();
        assertThat(contract.exchanges()).isGreaterThan(40);
    }

    /**
     * The document the client in the test sources is generated from ({@code src/test/openapi/openapi.json})
     * is the one the service serves; when the code changes the document, this fails and leaves the served
     * one in {@code target/openapi-served.json} to copy over it.
     */
    @Test
    void theCommittedDocumentIsTheServedOne() throws Exception {
        new TinyService(port).awaitReadiness();
        JsonNode served = JSON.readTree(send("GET", "/v3/api-docs", null, false).body());
        Path committed = Path.of("src/test/openapi/openapi.json");
        JsonNode expected = JSON.readTree(Files.readString(committed));
        if (!served.equals(expected)) {
            Files.writeString(
                    Path.of("target/openapi-served.json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served));
        }
        assertThat(served)
                .as("the served document; copy target/openapi-served.json to " + committed)
                .isEqualTo(expected);
    }

    /** One JSON exchange (the body, when given, is JSON), checked. */
    private HttpResponse<String> call(String method, String path, String json, boolean keyed) throws Exception {
        return exchange(method, path, json, json == null ? null : "application/json", keyed, null);
    }

    private HttpResponse<String> exchange(
            String method, String path, String body, String contentType, boolean keyed, String accept)
            throws Exception {
        HttpResponse<String> response = send(method, path, body, contentType, keyed, accept);
        contract.check(method, path, "application/json".equals(contentType) ? body : null, response);
        return response;
    }

    private HttpResponse<String> send(String method, String path, String json, boolean keyed) throws Exception {
        return send(method, path, json, json == null ? null : "application/json", keyed, null);
    }

    private HttpResponse<String> send(
            String method, String path, String body, String contentType, boolean keyed, String accept)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (keyed) {
            request.header("X-API-Key", KEY);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
