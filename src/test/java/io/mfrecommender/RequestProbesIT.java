package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bad requests of every class issue #11 found answered with a 500, an HTML page, Spring Boot's
 * JSON shape or silently accepted, replayed against the real server (Tomcat, filters and MVC): each
 * gets its status, {@code application/problem+json} and its problem type. Users 1–200 and movies
 * 1–100 exist in the small synthetic data the service trains on here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestProbesIT {

    private static final Path DIR = TinyService.directory("mf-recommender-probes");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.properties(registry, DIR);
        // The keys' old names, which still work (DeprecatedKeys): recommender.http.* now.
        registry.add("recommender.serving.max-body-bytes", () -> "4096");
        registry.add("recommender.serving.body-timeout", () -> "2s");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void awaitReadiness() throws Exception {
        new TinyService(port).awaitReadiness();
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String PAIR = "{\"pairs\":[{\"user\":1,\"movie\":1}]}";

    static Stream<Arguments> requests() {
        return Stream.of(
                // Bad percent-encoding or UTF-8 in a query: 400 naming the parameter
                probe("GET", "/predict?user=%FF&movie=1", 400, "invalid-parameter", "user"),
                probe("GET", "/users/1/recommendations?genre=%C3%28", 400, "invalid-parameter", "genre"),
                probe("GET", "/users/1/recommendations?genre=%ED%A0%80", 400, "invalid-parameter", "genre"),
                probe("GET", "/predict?us%FFer=1&movie=1", 400, "invalid-parameter", null),
                // Loose numbers and booleans
                probe("GET", "/predict?user=0x10&movie=1", 400, "invalid-parameter", "user"),
                probe("GET", "/users/1/recommendations?limit=+5", 400, "invalid-parameter", "limit"),
                probe("GET", "/users/1/recommendations?limit=%2B5", 400, "invalid-parameter", "limit"),
                probe("GET", "/predict?user=%D9%A1&movie=1", 400, "invalid-parameter", "user"),
                probe("GET", "/predict?user=%EF%BC%91&movie=1", 400, "invalid-parameter", "user"),
                probe("GET", "/predict?user=1e3&movie=1", 400, "invalid-parameter", "user"),
                probe("GET", "/predict?user=1.0&movie=1", 400, "invalid-parameter", "user"),
                probe("GET", "/predict?user=99999999999999999999&movie=1", 400, "invalid-parameter", "user"),
                probe("GET", "/users/1/recommendations?excludeRated=yes", 400, "invalid-parameter", "excludeRated"),
                probe("GET", "/users/1/recommendations?excludeRated=1", 400, "invalid-parameter", "excludeRated"),
                // Duplicates and empty values
                probe("GET", "/predict?user=1&user=2&movie=1", 400, "invalid-parameter", "user"),
                probe("GET", "/users/1/recommendations?limit=", 400, "invalid-parameter", "limit"),
                probe("GET", "/users/1/recommendations?limit", 400, "invalid-parameter", "limit"),
                probe("GET", "/users/1/recommendations?genre=&limit=5", 400, "invalid-parameter", "genre"),
                // JSON written loosely
                body("{\"pairs\":[{\"user\":1.5,\"movie\":1}]}", "application/json", 400, "malformed-body"),
                body("{\"pairs\":[{\"user\":\"1\",\"movie\":1}]}", "application/json", 400, "malformed-body"),
                body("{\"pairs\":[{\"user\":1,\"user\":2,\"movie\":1}]}", "application/json", 400, "malformed-body"),
                body(PAIR + " {}", "application/json", 400, "malformed-body"),
                // Bodies that are not JSON, or not declared as such
                body(PAIR, "*/*", 415, "unsupported-media-type"),
                body(PAIR, "application/*", 415, "unsupported-media-type"),
                body("pairs:\n  - user: 1\n    movie: 1\n", "application/yaml", 415, "unsupported-media-type"),
                body(PAIR, "text/plain", 415, "unsupported-media-type"),
                body(PAIR, "application/json; charset=ISO-8859-1", 415, "unsupported-media-type"),
                body(PAIR, "not a type", 415, "unsupported-media-type"),
                body(PAIR, null, 415, "unsupported-media-type"),
                // The error page asked for directly, and errors raised outside a controller
                probe("GET", "/error", 404, "not-found", null),
                probe("POST", "/error", 404, "not-found", null),
                probe("TRACE", "/predict?user=1&movie=1", 405, "method-not-allowed", null),
                // Refused by Tomcat before the application: an encoded slash, bad percent-encoding in the path
                probe("GET", "/users/1%2F2/recommendations", 400, "bad-request", null),
                probe("GET", "/users/%FF/recommendations", 400, "bad-request", null),
                // Refused by Spring Security's firewall: paths that are not canonical, a method nobody defined
                probe("GET", "/users//1/recommendations", 400, "bad-request", null),
                probe("GET", "/movies/1;jsessionid=x", 400, "bad-request", null),
                probe("GET", "/movies/%2e%2e/1", 400, "bad-request", null),
                probe("GET", "/movies/%25", 400, "bad-request", null),
                probe("BREW", "/movies/1", 400, "bad-request", null),
                probe("GET", "/predict?user=1&movie=1&x=" + "a".repeat(20_000), 400, "bad-request", null));
    }

    private static Arguments probe(String method, String path, int status, String type, String parameter) {
        return Arguments.of(method, path, null, null, status, type, parameter);
    }

    private static Arguments body(String body, String contentType, int status, String type) {
        return Arguments.of("POST", "/predictions", contentType, body, status, type, null);
    }

    @ParameterizedTest(name = "{0} {1} [{2}] -> {4} {5}")
    @MethodSource("requests")
    void badRequestsGetAProblemOfTheirClass(
            String method, String path, String contentType, String body, int status, String type, String parameter)
            throws Exception {
        HttpResponse<String> response = send(method, path, contentType, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("application/problem+json");
        assertThat(response.body())
                .contains("\"type\":\"/problems/" + type + "\"")
                .doesNotContain("Tomcat", "<html", "Exception", "timestamp");
        if (parameter != null) {
            assertThat(response.body()).contains("\"parameter\":\"" + parameter + "\"");
        }
    }

    @Test
    void aSuccessAskedForAsAProblemIsPlainJson() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict?user=1&movie=1"))
                        .header("Accept", "application/problem+json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void validRequestsStillWork() throws Exception {
        assertThat(send("POST", "/predictions", "application/json", PAIR).statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/predictions", "application/json; charset=utf-8", PAIR)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/predict?user=-1&movie=1", null, null).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/users/1/recommendations?limit=5&excludeRated=false&genre=", null, null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/users/1/recommendations?limit=5&excludeRated=false", null, null)
                        .statusCode())
                .isEqualTo(200);
        // Actuator keeps its own rules: a repeated tag is how the metrics endpoint filters.
        assertThat(send("GET", "/actuator/metrics/http.server.requests?tag=method:GET&tag=status:200", null, null)
                        .statusCode())
                .isEqualTo(200);
    }

    /** Raw HTTP for what a well-behaved client library will not send. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // Headers, then as many bytes as Content-Length says: the server may keep the connection open.
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
            byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
            return headers + new String(body, StandardCharsets.UTF_8);
        }
    }

    static Stream<Arguments> rawRequests() {
        return Stream.of(
                Arguments.of("GARBAGE\r\n\r\n", 400, "bad-request"),
                // Malformed escapes in the query (java.net.URI will not even send these): 400 naming the parameter
                Arguments.of("GET /predict?user=%G1&movie=1 HTTP/1.1\r\nHost: x\r\n\r\n", 400, "invalid-parameter"),
                Arguments.of("GET /predict?user=1&movie=% HTTP/1.1\r\nHost: x\r\n\r\n", 400, "invalid-parameter"),
                Arguments.of("GET /pre dict HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad-request"),
                Arguments.of(
                        "GET /predict?user=1&movie=1 HTTP/3.0\r\nHost: x\r\n\r\n", 505, "http-version-not-supported"),
                Arguments.of(
                        "GET /predict?user=1&movie=1 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                                + "\r\nConnection: close\r\n\r\n",
                        400,
                        "bad-request"),
                Arguments.of(
                        "POST /predictions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: abc\r\n\r\n",
                        400,
                        "bad-request"),
                Arguments.of(
                        "POST /predictions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n{}",
                        400,
                        "bad-request"),
                // Declared over the limit: refused before any byte of it is read
                Arguments.of(
                        "POST /predictions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 100000\r\n\r\n{",
                        413,
                        "body-too-large"),
                // Chunked, no declared length: refused once the bytes received pass the limit
                Arguments.of(
                        "POST /predictions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n" + chunks(10),
                        413,
                        "body-too-large"),
                // A body slower than recommender.serving.body-timeout (2 s here): 408, and no thread waited for it
                Arguments.of(
                        "POST /predictions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 200\r\n\r\n{",
                        408,
                        "body-timeout"));
    }

    private static String chunks(int count) {
        String chunk = "x".repeat(1000);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append(Integer.toHexString(chunk.length()))
                    .append("\r\n")
                    .append(chunk)
                    .append("\r\n");
        }
        return body.append("0\r\n\r\n").toString();
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("rawRequests")
    void malformedHttpGetsAProblemToo(String request, int status, String type) throws Exception {
        String response = raw(request);
        assertThat(response).startsWith("HTTP/1.1 " + status);
        assertThat(response)
                .containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"type\":\"/problems/" + type + "\"")
                .doesNotContain("<html", "Tomcat");
    }
}
