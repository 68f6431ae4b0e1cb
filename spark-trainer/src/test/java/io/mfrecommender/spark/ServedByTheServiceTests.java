package io.mfrecommender.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's version in the service itself (its packaged jar, built by the parent project first):
 * imported by the service's {@code import} command, activated with {@code PUT /models/active}, it
 * answers predictions equal to Spark's, recommendations and similar movies; a user folded in from a
 * trained user's ratings lands where Spark's own user step put that user; a damaged copy is refused
 * naming the file while the version keeps serving.
 */
class ServedByTheServiceTests {

    private static final String KEY = "spark-trainer-test-key-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theServiceServesFoldsAndRefusesDamage() throws Exception {
        Path jar = Path.of(System.getProperty("mf.serviceJar", "../target/mf-recommender.jar"));
        Assumptions.assumeTrue(
                Files.isRegularFile(jar), "the service's jar is not at " + jar + " (./mvnw package in the parent first): skipped");
        Path out = dir.resolve("spark-out");
        SparkTrainer.Result result = SparkTrainer.run(
                LocalSpark.session(),
                SparkTrainerTests.options("--output", out.toString(), "--holdout", "0"));
        Path made = out.resolve(result.version());
        Path models = dir.resolve("models");

        // The service's own import validates and registers it.
        Path importLog = dir.resolve("import.log");
        Process imported = new ProcessBuilder(java(), "-jar", jar.toString(), "import", "--from", made.toString(), "--models", models.toString())
                .redirectErrorStream(true)
                .redirectOutput(importLog.toFile())
                .start();
        if (!imported.waitFor(2, TimeUnit.MINUTES)) {
            imported.destroyForcibly();
        }
        String importOutput = Files.readString(importLog);
        assertEquals(0, imported.exitValue(), importOutput);
        assertTrue(importOutput.contains("imported " + result.version()), importOutput);

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process service = new ProcessBuilder(
                        java(), "--add-modules", "jdk.incubator.vector", "-jar", jar.toString(),
                        "--server.port=" + port,
                        "--recommender.data.source=file",
                        "--recommender.data.ratings=" + LocalSpark.ratings(),
                        "--recommender.data.directory=" + dir.resolve("data"),
                        "--recommender.models.directory=" + models,
                        "--recommender.training.epochs=2",
                        "--recommender.training.factors=4",
                        "--recommender.training.ranker.enabled=false",
                        "--recommender.security.api-key=" + KEY)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            awaitReady(http, port, service);
            HttpResponse<String> activated = send(http, port, "PUT", "/models/active", "{\"version\":\"" + result.version() + "\"}");
            assertEquals(200, activated.statusCode(), activated.body());

            // Predictions: Spark's, to float precision.
            List<Row> pairs = result.ratingModel()
                    .transform(result.train().join(result.userBias(), "u").join(result.itemBias(), "i"))
                    .select(col("user"), col("movie"), col("prediction").plus(result.globalMean()).plus(col("bu")).plus(col("bi")))
                    .limit(20)
                    .collectAsList();
            for (Row pair : pairs) {
                JsonNode prediction = get(http, port, "/predict?user=" + pair.getLong(0) + "&movie=" + pair.getLong(1));
                assertEquals(pair.getDouble(2), prediction.get("score").asDouble(), 1e-4, prediction.toString());
                assertEquals(result.version(), prediction.get("modelVersion").asText());
            }
            long someone = pairs.get(0).getLong(0);
            JsonNode page = get(http, port, "/users/" + someone + "/recommendations?limit=10");
            assertEquals("ranker", page.get("ranking").asText(), page.toString());
            assertEquals(10, page.get("items").size());
            JsonNode similar = get(http, port, "/movies/" + pairs.get(0).getLong(1) + "/similar?limit=5");
            assertEquals(5, similar.get("items").size(), similar.toString());

            // Fold-in: a new user with a trained user's ratings gets that user's scores (Spark's user step).
            List<Row> rated = result.train().filter(col("user").equalTo(someone)).select("movie", "rating").collectAsList();
            List<String> batch = new ArrayList<>();
            for (Row row : rated) {
                batch.add("{\"movie\":" + row.getLong(0) + ",\"rating\":" + row.getFloat(1) + "}");
            }
            long newcomer = 990_000_001L;
            HttpResponse<String> posted = send(http, port, "POST", "/users/" + newcomer + "/ratings", "[" + String.join(",", batch) + "]");
            assertEquals(201, posted.statusCode(), posted.body());
            for (Row pair : pairs.subList(0, 5)) {
                double trained = get(http, port, "/predict?user=" + someone + "&movie=" + pair.getLong(1)).get("score").asDouble();
                double folded = get(http, port, "/predict?user=" + newcomer + "&movie=" + pair.getLong(1)).get("score").asDouble();
                assertEquals(trained, folded, 1e-4, "movie " + pair.getLong(1));
            }
            assertEquals(
                    movies(page),
                    movies(get(http, port, "/users/" + newcomer + "/recommendations?limit=10")),
                    "the folded user's ranker vector is the trained user's");

            // Damaged copies (a NaN, a missing file, a wrong shape) are refused naming the file; the version keeps serving.
            Path nan = copy(models, result.version(), "nan");
            byte[] factors = Files.readAllBytes(nan.resolve("item-factors.npy"));
            java.nio.ByteBuffer.wrap(factors, factors.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
            Files.write(nan.resolve("item-factors.npy"), factors);
            Path missing = copy(models, result.version(), "missing");
            Files.delete(missing.resolve("user-ids.npy"));
            Path shape = copy(models, result.version(), "shape");
            Files.copy(shape.resolve("item-ids.npy"), shape.resolve("user-ids.npy"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            for (Path damaged : List.of(nan, missing, shape)) {
                HttpResponse<String> refused = send(http, port, "PUT", "/models/active", "{\"version\":\"" + damaged.getFileName() + "\"}");
                assertEquals(409, refused.statusCode(), refused.body());
                assertEquals(result.version(), get(http, port, "/predict?user=" + someone + "&movie=" + pairs.get(0).getLong(1)).get("modelVersion").asText());
            }
            String log = Files.readString(dir.resolve("service.log"));
            assertTrue(log.contains(nan.resolve("item-factors.npy") + ": "), "the NaN's file is named");
            assertTrue(log.contains(missing.resolve("user-ids.npy") + " is missing"), "the missing file is named");
            assertTrue(log.contains(shape.resolve("user-ids.npy") + ": "), "the file of the wrong shape is named");
        } finally {
            service.destroy();
            service.waitFor(1, TimeUnit.MINUTES);
        }
    }

    private static Path copy(Path models, String version, String suffix) throws IOException {
        Path copy = Files.createDirectories(models.resolve(version + "-" + suffix));
        try (var files = Files.list(models.resolve(version))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<Long> movies(JsonNode page) {
        List<Long> movies = new ArrayList<>();
        page.get("items").forEach(item -> movies.add(item.get("movieId").asLong()));
        return movies;
    }

    private static void awaitReady(HttpClient http, int port, Process service) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            assertTrue(service.isAlive(), "the service exited");
            assertTrue(System.nanoTime() < deadline, "the service is ready in time");
            try {
                if (send(http, port, "GET", "/actuator/health/readiness", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The port opens a few seconds after start.
            }
            Thread.sleep(300);
        }
    }

    private static JsonNode get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> response = send(http, port, "GET", path, null);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(HttpClient http, int port, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-API-Key", KEY)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
