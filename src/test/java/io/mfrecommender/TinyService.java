package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.data.SyntheticRatings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The whole service on small synthetic data (users 1–200, movies 1–100, 5,000 ratings on 1–5), so
 * that an integration test is ready within seconds; and a client for it.
 */
final class TinyService {

    /** Sees each exchange this client has: a request ({@code json} its body or null) and its answer. */
    interface Witness {
        void saw(String method, String path, String json, HttpResponse<?> response);
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final String host;
    private final Witness witness;

    TinyService(int port) {
        this(port, "127.0.0.1");
    }

    TinyService(int port, String host) {
        this(port, host, (method, path, json, response) -> {});
    }

    TinyService(int port, String host, Witness witness) {
        this.port = port;
        this.host = host;
        this.witness = witness;
    }

    /** A new directory holding {@code ratings.dat}, for {@link #properties}. */
    static Path directory(String prefix) {
        try {
            Path dir = ScratchDirectory.create(prefix);
            new SyntheticRatings(200, 100, 5_000, 3, 0.5, 0.5, 0.5, 1).writeTo(dir.resolve("ratings.dat"));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #properties(DynamicPropertyRegistry, Path)} with {@code apiKey} as the key changes need. */
    static void properties(DynamicPropertyRegistry registry, Path dir, String apiKey) {
        properties(registry, dir);
        registry.add("recommender.security.api-key", () -> apiKey);
    }

    /** The service on the embedded data, its data and models under {@code dir}, with {@code apiKey}. */
    static void embedded(DynamicPropertyRegistry registry, Path dir, String apiKey) {
        registry.add("recommender.data.source", () -> "embedded");
        registry.add("recommender.data.directory", () -> dir.resolve("data").toString());
        registry.add("recommender.models.directory", () -> dir.resolve("models").toString());
        registry.add("recommender.security.api-key", () -> apiKey);
    }

    static void properties(DynamicPropertyRegistry registry, Path dir) {
        registry.add("recommender.data.source", () -> "file");
        registry.add(
                "recommender.data.ratings", () -> dir.resolve("ratings.dat").toString());
        registry.add("recommender.data.directory", () -> dir.resolve("data").toString());
        registry.add("recommender.models.directory", () -> dir.resolve("models").toString());
        registry.add("recommender.training.factors", () -> "8");
        registry.add("recommender.training.ranker.factors", () -> "4");
    }

    void awaitReadiness() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (send("GET", "/actuator/health/readiness", null, Map.of()).statusCode() != 200) {
            assertThat(Instant.now()).as("ready in time").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** {@code http://host:port}, for requests this client does not make. */
    String base() {
        return "http://" + host + ":" + port;
    }

    /** One request; a body is sent as JSON. */
    HttpResponse<String> send(String method, String path, String json, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        // A Content-Type among the headers (an NDJSON or CSV upload) replaces JSON's.
        String type = headers.getOrDefault("Content-Type", json == null ? null : "application/json");
        if (type != null) {
            request.header("Content-Type", type);
        }
        headers.forEach((name, value) -> {
            if (!name.equals("Content-Type")) {
                request.header(name, value);
            }
        });
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        witness.saw(method, path, "application/json".equals(type) ? json : null, response);
        return response;
    }
}
