package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.pytorch.ForgedPickles;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a client can make the service hold is bounded (#31): uploads are spooled to the models disk
 * and only so many at once, request bodies in memory share one bound, and a version is exported as
 * it is written, the one trained on the embedded data included (ids up to ~3.1 million: a table of
 * hundreds of megabytes that used to be built whole).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BoundedTransfersIT {

    private static final String KEY = "bounded-transfers-it-key";
    private static final Path DIR;

    static {
        DIR = ScratchDirectory.create("mf-recommender-bounded-it");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.embedded(registry, DIR, KEY);
        registry.add("recommender.models.max-concurrent-imports", () -> "1");
        registry.add("recommender.http.max-buffered-body-bytes", () -> "4096");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void ready() throws Exception {
        new TinyService(port).awaitReadiness();
    }

    private HttpResponse<String> upload(byte[] file) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/imports"))
                        .header("Content-Type", "application/octet-stream")
                        .header("X-API-Key", KEY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Path spool() {
        return DIR.resolve("models").resolve(".staging-uploads");
    }

    private long spooledFiles() throws Exception {
        if (!Files.isDirectory(spool())) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spool())) {
            return files.count();
        }
    }

    @Test
    void anUploadIsSpooledToTheModelsDiskAndOneMoreThanAllowedIsTurnedAwayUntilItEnds() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", port)) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /models/imports HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + KEY
                            + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[5000]);
            out.flush();
            Instant deadline = Instant.now().plusSeconds(10);
            while (spooledFiles() == 0) {
                assertThat(Instant.now()).as("the upload reaches the spool").isBefore(deadline);
                Thread.sleep(20);
            }

            HttpResponse<String> busy = upload(new byte[2000]);
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).isPresent();
            JsonNode problem = json.readTree(busy.body());
            assertThat(problem.get("type").asString()).isEqualTo("/problems/server-busy");
            assertThat(problem.get("detail").asString()).contains("recommender.models.max-concurrent-imports");
        }
        // The client went away: its file and its place are given back.
        Instant deadline = Instant.now().plusSeconds(10);
        while (spooledFiles() > 0) {
            assertThat(Instant.now()).as("the spooled file is removed").isBefore(deadline);
            Thread.sleep(20);
        }
        HttpResponse<String> refused = upload("not a zip at all".getBytes(StandardCharsets.US_ASCII));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("not a zip archive");
        assertThat(spooledFiles()).isZero();
    }

    /** A pickle nesting lists 200,000 deep: a 400 naming the depth limit, not a stack overflow; nothing saved. */
    @Test
    void aDeeplyNestedPickleIsRefusedNamingTheLimit() throws Exception {
        byte[] file = ForgedPickles.storedArchive(ForgedPickles.nestedLists(200_000, (byte) '.'));
        int versionsBefore = json.readTree(new TinyService(port)
                        .send("GET", "/models", null, Map.of())
                        .body())
                .get("versions")
                .size();
        HttpResponse<String> refused = upload(file);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-model-file");
        assertThat(problem.get("detail").asString()).contains("more than 32 levels deep");
        assertThat(json.readTree(new TinyService(port)
                                .send("GET", "/models", null, Map.of())
                                .body())
                        .get("versions")
                        .size())
                .isEqualTo(versionsBefore);
    }

    @Test
    void bodiesInMemoryShareOneBoundAndAreTurnedAwayPastIt() throws Exception {
        String big = "[" + "{\"movie\": 1, \"rating\": 5},".repeat(200) + "{\"movie\": 1, \"rating\": 5}]";
        HttpResponse<String> busy =
                new TinyService(port).send("POST", "/users/1/ratings", big, Map.of("X-API-Key", KEY));
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).isPresent();
        assertThat(busy.body()).contains("/problems/server-busy").contains("max-buffered-body-bytes");

        HttpResponse<String> small = new TinyService(port)
                .send("POST", "/predictions", "{\"pairs\": [{\"user\": 1, \"movie\": 1074638}]}", Map.of());
        assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
        HttpResponse<String> gauge =
                new TinyService(port).send("GET", "/actuator/metrics/recommender.http.body.buffered", null, Map.of());
        assertThat(json.readTree(gauge.body())
                        .get("measurements")
                        .get(0)
                        .get("value")
                        .asDouble())
                .isZero();
    }

    /**
     * The default version's export, streamed: both tables sized by the largest id, and the rows of
     * user 1 and movie 1074638 giving the score {@code /predict} serves.
     */
    @Test
    void theDefaultVersionIsExportedAsItIsWrittenAndPredictsWhatTheServiceServes() throws Exception {
        String version = json.readTree(new TinyService(port)
                        .send("GET", "/models", null, Map.of())
                        .body())
                .get("active")
                .asString();
        Path file = DIR.resolve("export.pth");
        HttpResponse<Path> export = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/models/" + version + "/pth"))
                        .header("X-API-Key", KEY)
                        .timeout(Duration.ofMinutes(2))
                        .build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Transfer-Encoding")).contains("chunked");

        JsonNode prediction = json.readTree(new TinyService(port)
                .send("GET", "/predict?user=1&movie=1074638", null, Map.of())
                .body());
        assertThat(prediction.get("modelVersion").asString()).isEqualTo(version);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry users = zip.getEntry("matrix_factorization/data/0");
            ZipEntry items = zip.getEntry("matrix_factorization/data/1");
            assertThat(items.getSize()).isGreaterThan(100L << 20); // hundreds of MB of mostly zero rows
            assertThat(items.getSize() % Float.BYTES).isZero();
            long rowsOfUsers = users.getSize() / Float.BYTES;
            long rowsOfItems = items.getSize() / Float.BYTES;
            // Both tables have the same width k + 2; movie ids reach 1074638 and beyond.
            int width = widthOf(rowsOfUsers, rowsOfItems);
            assertThat(rowsOfItems / width).isGreaterThanOrEqualTo(1074638);
            float[] user = row(zip, users, 0, width);
            float[] movie = row(zip, items, 1074638 - 1, width);
            double score = 0;
            for (int i = 0; i < width; i++) {
                score += (double) user[i] * movie[i];
            }
            assertThat(score).isCloseTo(prediction.get("score").asDouble(), within(1e-4));
        }
    }

    /** The common width of two tables whose row counts are unknown: the manifest's k + 2. */
    private int widthOf(long userValues, long itemValues) throws Exception {
        JsonNode model = json.readTree(
                new TinyService(port).send("GET", "/models", null, Map.of()).body());
        int k = model.get("versions").get(0).get("factors").asInt();
        int width = k + 2;
        assertThat(userValues % width).isZero();
        assertThat(itemValues % width).isZero();
        return width;
    }

    private static float[] row(ZipFile zip, ZipEntry entry, long row, int width) throws Exception {
        try (InputStream in = zip.getInputStream(entry)) {
            in.skipNBytes(row * width * Float.BYTES);
            byte[] bytes = new byte[width * Float.BYTES];
            new DataInputStream(in).readFully(bytes);
            float[] values = new float[width];
            ByteBuffer.wrap(bytes)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(values);
            return values;
        }
    }
}
