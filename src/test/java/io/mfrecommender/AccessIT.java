package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.access.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keys rotated live on two replicas of the packaged jar that read one key file, with reads closed
 * (#34): eight clients keep calling with key A while the file lists A, then A and B (the overlap),
 * then B alone; no request with a key in use is refused, and A is refused on both once the overlap
 * ends. Then a scripted session of changes, read back from {@code GET /audit} in order with the
 * credentials' ids and the erased user named only by digest; and no key appears in any log line or
 * response body.
 */
class AccessIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String A = "rotation-key-a-0123456789abcdef";
    private static final String B = "rotation-key-b-0123456789abcdef";
    private static final String OPS = "operator-key-0123456789abcdef";
    private static final String WRITER = "writer-key-0123456789abcdef";

    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

    private static String line(String id, String scopes, String key) {
        return id + " " + scopes + " " + ApiKeys.digest(key) + "\n";
    }

    private static ServiceProcess replica(Path data, Path keys, String name) throws Exception {
        Path dir = data.resolve(name); // inside the scratch directory, deleted with it
        Files.createDirectories(dir);
        return new ServiceProcess(
                dir.resolve("service.log"),
                "--recommender.data.source=file",
                "--recommender.data.ratings=" + data.resolve("ratings.dat"),
                "--recommender.data.directory=" + dir.resolve("data"),
                "--recommender.models.directory=" + dir.resolve("models"),
                "--recommender.training.factors=8",
                "--recommender.training.ranker.factors=4",
                "--recommender.security.open-reads=false",
                "--recommender.security.keys-file=" + keys,
                "--recommender.security.keys-reload-interval=200ms");
    }

    private HttpResponse<String> send(TinyService service, String method, String path, String body, String key)
            throws Exception {
        HttpResponse<String> response = service.send(method, path, body, Map.of("X-API-Key", key));
        bodies.add(response.body());
        return response;
    }

    @Test
    void keysRotateLiveOnTwoReplicasAndEveryChangeIsAudited() throws Exception {
        Path data = TinyService.directory("mf-recommender-access");
        Path keys = data.resolve("keys");
        Files.writeString(keys, line("a", "read", A) + line("ops", "admin", OPS) + line("writer", "write", WRITER));
        try (ServiceProcess one = replica(data, keys, "one");
                ServiceProcess two = replica(data, keys, "two")) {
            ExecutorService starts = Executors.newFixedThreadPool(2);
            var first = starts.submit(() -> one.start());
            var second = starts.submit(() -> two.start());
            first.get(3, TimeUnit.MINUTES);
            second.get(3, TimeUnit.MINUTES);
            starts.shutdown();
            List<TinyService> replicas = List.of(one.client(), two.client());

            // Eight clients on key A, then on B, while the file changes under them.
            AtomicReference<String> key = new AtomicReference<>(A);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger requests = new AtomicInteger();
            Map<String, Integer> refused = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            for (int c = 0; c < 8; c++) {
                TinyService replica = replicas.get(c % 2);
                clients.submit(() -> {
                    while (running.get()) {
                        String using = key.get();
                        HttpResponse<String> response =
                                replica.send("GET", "/predict?user=1&movie=1", null, Map.of("X-API-Key", using));
                        requests.incrementAndGet();
                        if (response.statusCode() != 200) {
                            refused.merge(
                                    response.statusCode() + " with " + (using.equals(A) ? "A" : "B"), 1, Integer::sum);
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1000);
            Files.writeString(
                    keys,
                    line("a", "read", A)
                            + line("b", "read", B)
                            + line("ops", "admin", OPS)
                            + line("writer", "write", WRITER));
            for (TinyService replica : replicas) {
                awaitStatus(replica, B, 200);
            }
            key.set(B);
            Thread.sleep(1000);
            Instant withdrawn = Instant.now();
            Files.writeString(keys, line("b", "read", B) + line("ops", "admin", OPS) + line("writer", "write", WRITER));
            for (TinyService replica : replicas) {
                awaitStatus(replica, A, 401);
            }
            Duration takenUp = Duration.between(withdrawn, Instant.now());
            Thread.sleep(500);
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            assertThat(refused)
                    .as("requests refused with a key in use, of " + requests.get())
                    .isEmpty();
            assertThat(requests.get()).isGreaterThan(100);
            assertThat(takenUp)
                    .as("the withdrawal is taken up by both replicas")
                    .isLessThan(Duration.ofSeconds(5));
            for (TinyService replica : replicas) {
                assertThat(send(replica, "GET", "/predict?user=1&movie=1", null, A)
                                .statusCode())
                        .isEqualTo(401);
                assertThat(send(replica, "GET", "/predict?user=1&movie=1", null, B)
                                .statusCode())
                        .isEqualTo(200);
            }

            // A scripted session of changes on one replica, then its audit trail.
            TinyService service = replicas.get(0);
            assertThat(send(
                                    service,
                                    "POST",
                                    "/users/900/ratings",
                                    "[{\"movie\":1,\"rating\":5},{\"movie\":2,\"rating\":4}]",
                                    WRITER)
                            .statusCode())
                    .isEqualTo(201);
            assertThat(send(service, "DELETE", "/users/900/ratings/1", null, WRITER)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(send(service, "PUT", "/movies/990001", "{\"title\":\"Audited\",\"genres\":[\"Drama\"]}", WRITER)
                            .statusCode())
                    .isEqualTo(201);
            assertThat(send(service, "POST", "/users/900/ratings", "{\"movie\":3,\"rating\":4}", B)
                            .statusCode())
                    .as("a read key cannot write")
                    .isEqualTo(403);
            HttpResponse<String> job = send(
                    service,
                    "POST",
                    "/training-jobs",
                    "{\"activation\":\"never\",\"ranker\":false,\"parameters\":{\"epochs\":2}}",
                    OPS);
            assertThat(job.statusCode()).isEqualTo(202);
            String jobId = JSON.readTree(job.body()).path("id").asString();
            int cancelled = send(service, "DELETE", "/training-jobs/" + jobId, null, OPS)
                    .statusCode();
            assertThat(cancelled).isIn(200, 409);
            String active = JSON.readTree(
                            send(service, "GET", "/models", null, OPS).body())
                    .path("active")
                    .asString();
            assertThat(send(service, "PUT", "/models/active", "{\"version\":\"" + active + "\"}", OPS)
                            .statusCode())
                    .isEqualTo(200);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> exported = http.send(
                    HttpRequest.newBuilder(URI.create(service.base() + "/models/" + active + "/pth"))
                            .header("X-API-Key", OPS)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(exported.statusCode()).isEqualTo(200);
            HttpResponse<String> imported = http.send(
                    HttpRequest.newBuilder(URI.create(service.base() + "/models/imports?name=audited.pth"))
                            .header("X-API-Key", OPS)
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(exported.body()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            bodies.add(imported.body());
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
            String importedVersion =
                    JSON.readTree(imported.body()).path("version").asString();
            String experiment = "{\"name\":\"audited\",\"variants\":[{\"name\":\"A\",\"version\":\"" + active
                    + "\",\"share\":50},{\"name\":\"B\",\"version\":\"" + importedVersion + "\",\"share\":50}]}";
            assertThat(send(service, "POST", "/experiments", experiment, OPS).statusCode())
                    .isEqualTo(201);
            assertThat(send(service, "POST", "/experiments/audited/end", "{\"promote\":\"A\"}", OPS)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(send(service, "DELETE", "/users/900", null, OPS).statusCode())
                    .isEqualTo(204);

            HttpResponse<String> trail = send(service, "GET", "/audit?limit=1000", null, OPS);
            assertThat(trail.statusCode()).isEqualTo(200);
            assertThat(send(service, "GET", "/audit", null, WRITER).statusCode())
                    .isEqualTo(403);
            List<String> lines = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(trail.body()).path("entries")) {
                lines.add(entry.path("credential").asString() + " "
                        + entry.path("action").asString() + " "
                        + entry.path("target").asString() + " "
                        + entry.path("outcome").asString());
            }
            String erased = "/users/erased:";
            assertInOrder(
                    lines,
                    "service reload keys keys-file added [b], removed []",
                    "service reload keys keys-file added [], removed [a]",
                    "key:writer POST /users/*/ratings " + erased,
                    "key:writer DELETE /users/*/ratings/* " + erased,
                    "key:writer PUT /movies/* /movies/990001 succeeded",
                    "key:ops POST /training-jobs /training-jobs succeeded",
                    "key:ops DELETE /training-jobs/* /training-jobs/" + jobId,
                    "key:ops PUT /models/active /models/active succeeded",
                    "key:ops GET /models/*/pth /models/" + active + "/pth succeeded",
                    "key:ops POST /models/imports /models/imports succeeded",
                    "key:ops POST /experiments /experiments succeeded",
                    "key:ops POST /experiments/*/end /experiments/audited/end succeeded",
                    "key:ops DELETE /users/* " + erased);
            assertThat(lines.get(2)).endsWith("/ratings succeeded");
            assertThat(trail.body()).doesNotContain("/users/900");

            // No key, whole, in any response or log line of either replica.
            List<String> logs = List.of(one.log(), two.log());
            for (String secret : List.of(A, B, OPS, WRITER)) {
                assertThat(logs).noneMatch(log -> log.contains(secret));
                assertThat(bodies).noneMatch(body -> body != null && body.contains(secret));
            }
            assertThat(one.log()).contains("audit credential=key:ops action=\"DELETE /users/*\"");
            System.out.printf(
                    "access: %d requests by 8 clients across the rotation, none refused; A refused on both replicas "
                            + "%d ms after its line went%n",
                    requests.get(), takenUp.toMillis());
        }
    }

    /** Each of {@code prefixes} begins a line, in this order (other lines may come between). */
    private static void assertInOrder(List<String> lines, String... prefixes) {
        int at = 0;
        for (String prefix : prefixes) {
            while (at < lines.size() && !lines.get(at).startsWith(prefix)) {
                at++;
            }
            assertThat(at)
                    .as("an entry beginning \"" + prefix + "\" after the ones before, in " + lines)
                    .isLessThan(lines.size());
            at++;
        }
    }

    private static void awaitStatus(TinyService replica, String key, int status) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (replica.send("GET", "/predict?user=1&movie=1", null, Map.of("X-API-Key", key))
                        .statusCode()
                != status) {
            assertThat(Instant.now()).as("the key file's change is taken up").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
