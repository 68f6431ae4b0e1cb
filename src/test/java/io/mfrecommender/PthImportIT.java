package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.pytorch.StateDictReader;
import io.mfrecommender.pytorch.Tensor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notebook's own file served over HTTP: the service runs on the ratings the fixture model was
 * trained on ({@code src/test/resources/pytorch}), a {@code .pth} is uploaded, activated, and
 * predicts what PyTorch computed; malicious and broken uploads are refused and change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PthImportIT {

    private static final Path FIXTURES = Path.of("src/test/resources/pytorch");
    private static final String KEY = "pth-import-it-key-0123";
    private static final Path DIR;

    static {
        try {
            DIR = ScratchDirectory.create("mf-recommender-pth-it");
            Files.copy(FIXTURES.resolve("ratings.dat"), DIR.resolve("ratings.dat"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.properties(registry, DIR, KEY);
        registry.add("recommender.models.max-import-bytes", () -> "4096");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void ready() throws Exception {
        new TinyService(port).awaitReadiness();
    }

    private HttpResponse<String> upload(byte[] file, String query) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/imports" + query))
                        .header("Content-Type", "application/octet-stream")
                        .header("X-API-Key", KEY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return new TinyService(port).send(method, path, body, Map.of("X-API-Key", KEY));
    }

    private String active() throws Exception {
        Matcher version = Pattern.compile("\"active\":\"([^\"]+)\"")
                .matcher(send("GET", "/models", null).body());
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    @Test
    void theNotebooksFileIsImportedActivatedAndPredictsWhatPyTorchDid() throws Exception {
        HttpResponse<String> imported =
                upload(Files.readAllBytes(FIXTURES.resolve("notebook.pth")), "?name=matrix_factorization.pth");

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        JsonNode manifest = json.readTree(imported.body());
        String version = manifest.get("version").asString();
        assertThat(imported.headers().firstValue("Location")).hasValue("/models/" + version);
        assertThat(manifest.get("algorithm").asString()).isEqualTo("pytorch");
        assertThat(manifest.get("hyperparameters").get("source").asString()).isEqualTo("matrix_factorization.pth");
        assertThat(manifest.get("hyperparameters").get("droppedItemRows").asInt())
                .isEqualTo(1);

        assertThat(send("PUT", "/models/active", "{\"version\":\"" + version + "\"}")
                        .statusCode())
                .isEqualTo(200);

        JsonNode expected = json.readTree(FIXTURES.resolve("expected.json").toFile());
        for (JsonNode pair : expected.get("notebook.pth").get("predictions")) {
            long user = pair.get("user").asLong();
            long movie = pair.get("movie").asLong();
            HttpResponse<String> predicted = send("GET", "/predict?user=" + user + "&movie=" + movie, null);
            if (movie == 7) {
                // Its row was never trained: the version does not know the movie.
                assertThat(predicted.statusCode()).isEqualTo(404);
                continue;
            }
            JsonNode body = json.readTree(predicted.body());
            assertThat(body.get("modelVersion").asString()).isEqualTo(version);
            if (user == 5) {
                assertThat(body.get("strategy").asString()).isEqualTo("item-baseline");
                continue;
            }
            assertThat(body.get("score").asDouble())
                    .as("user %d, movie %d", user, movie)
                    .isCloseTo(pair.get("score").asDouble(), within(2e-6));
            assertThat(body.get("baseline").asDouble()).isZero();
        }
        assertThat(send("GET", "/users/1/recommendations?limit=3", null).body())
                .contains("\"ranking\":\"predicted-rating\"");

        // A posted user is folded in with the bias-free objective: no bias, so a zero baseline.
        assertThat(send("POST", "/users/5/ratings", "[{\"movie\":1,\"rating\":5},{\"movie\":3,\"rating\":2}]")
                        .statusCode())
                .isEqualTo(201);
        JsonNode folded =
                json.readTree(send("GET", "/predict?user=5&movie=2", null).body());
        assertThat(folded.get("strategy").asString()).isEqualTo("folded-in");
        assertThat(folded.get("baseline").asDouble()).isZero();

        // And out again, as the notebook's state dict.
        HttpResponse<byte[]> exported = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/" + version + "/pth"))
                        .header("X-API-Key", KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(exported.statusCode()).isEqualTo(200);
        Path file = Files.write(DIR.resolve("exported.pth"), exported.body());
        Map<String, Tensor> back = new StateDictReader(StateDictReader.Limits.DEFAULTS).read(file);
        Map<String, Tensor> original =
                new StateDictReader(StateDictReader.Limits.DEFAULTS).read(FIXTURES.resolve("notebook.pth"));
        float[] row = Arrays.copyOfRange(back.get("item_factors.weight").floats(), 9 * 4, 10 * 4);
        assertThat(row)
                .containsExactly(
                        Arrays.copyOfRange(original.get("item_factors.weight").floats(), 9 * 4, 10 * 4));
    }

    @Test
    void maliciousBrokenAndOversizedFilesAreRefusedAndNothingChanges() throws Exception {
        String before = active();
        int versionsBefore = json.readTree(send("GET", "/models", null).body())
                .get("versions")
                .size();
        Path marker = Path.of(json.readTree(FIXTURES.resolve("expected.json").toFile())
                .get("marker")
                .asString());
        Files.deleteIfExists(marker);

        for (String[] refused : new String[][] {
            {"os-system.pth", "posix.system"},
            {"builtins-eval.pth", "builtins.eval"},
            {"subprocess-popen.pth", "subprocess.Popen"}
        }) {
            HttpResponse<String> response = upload(Files.readAllBytes(FIXTURES.resolve(refused[0])), "");
            assertThat(response.statusCode()).as(refused[0]).isEqualTo(400);
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-model-file");
            assertThat(problem.get("refusedClass").asString()).isEqualTo(refused[1]);
            assertThat(problem.get("detail").asString()).contains("'" + refused[1] + "'");
        }
        byte[] whole = Files.readAllBytes(FIXTURES.resolve("notebook.pth"));
        HttpResponse<String> truncated = upload(Arrays.copyOf(whole, whole.length / 2), "");
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(truncated.body()).contains("truncated or damaged").doesNotContain(DIR.toString());
        HttpResponse<String> oversized = upload(new byte[5000], "");
        assertThat(oversized.statusCode()).as(oversized.body()).isEqualTo(413);
        assertThat(oversized.body()).contains("recommender.models.max-import-bytes");
        HttpResponse<String> badRanker = upload(whole, "?ranker=maybe");
        assertThat(badRanker.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badRanker.body()).get("parameter").asString()).isEqualTo("ranker");

        assertThat(marker).doesNotExist();
        assertThat(active()).isEqualTo(before);
        assertThat(json.readTree(send("GET", "/models", null).body())
                        .get("versions")
                        .size())
                .isEqualTo(versionsBefore);
    }

    @Test
    void importAndExportNeedTheKey() throws Exception {
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/imports"))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                Files.readAllBytes(FIXTURES.resolve("notebook.pth"))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(new TinyService(port)
                        .send("GET", "/models/" + active() + "/pth", null, Map.of())
                        .statusCode())
                .isEqualTo(401);
    }
}
