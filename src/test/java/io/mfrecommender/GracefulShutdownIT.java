package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.data.SyntheticRatings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service stopped with SIGTERM, as Docker and Kubernetes stop it, while a request is
 * half-way through its body and a training job runs: the request is answered, the job is cancelled
 * and recorded as such, and the process ends by itself.
 */
class GracefulShutdownIT {

    private static final String KEY = "graceful-shutdown-key-01";

    @TempDir
    Path dir;

    @Test
    void sigtermFinishesTheRequestInFlightAndRecordsTheRunningJobAsCancelled() throws Exception {
        // Enough ratings that 300 epochs take far longer than the test, and a 2-epoch model to start on.
        new SyntheticRatings(5_000, 1_000, 300_000, 8, 0.5, 0.5, 0.5, 7).writeTo(dir.resolve("ratings.dat"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("service.log");
        Process process = new ProcessBuilder(PackagedJar.command(
                        "--server.port=" + port,
                        "--recommender.data.source=file",
                        "--recommender.data.ratings=" + dir.resolve("ratings.dat"),
                        "--recommender.data.directory=" + dir.resolve("data"),
                        "--recommender.models.directory=" + dir.resolve("models"),
                        "--recommender.training.epochs=2",
                        "--recommender.training.factors=8",
                        "--recommender.training.ranker.enabled=false",
                        "--recommender.security.api-key=" + KEY))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            TinyService service = new TinyService(port);
            awaitUp(service, process, log);
            HttpResponse<String> submitted = service.send(
                    "POST",
                    "/training-jobs",
                    "{\"activation\":\"never\","
                            + "\"ranker\":false,\"parameters\":{\"factors\":64,\"epochs\":300,\"patience\":300}}",
                    Map.of("X-API-Key", KEY));
            assertThat(submitted.statusCode())
                    .as(submitted.body() + Files.readString(log))
                    .isEqualTo(202);
            String job =
                    submitted.headers().firstValue("Location").orElseThrow().replace("/training-jobs/", "");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (!service.send("GET", "/training-jobs/" + job, null, Map.of())
                    .body()
                    .contains("\"epochs\":[{")) {
                assertThat(Instant.now())
                        .as("the job trains its first epoch in time")
                        .isBefore(deadline);
                Thread.sleep(100);
            }

            String body = "{\"pairs\":[{\"user\":1,\"movie\":1},{\"user\":2,\"movie\":2}]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + bytes.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, 0, 20);
                out.flush();
                awaitPostInFlight(service);
                process.destroy();
                awaitLine(log, "Commencing graceful shutdown");
                out.write(bytes, 20, bytes.length - 20);
                out.flush();
                InputStream in = socket.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response)
                        .as(Files.readString(log))
                        .startsWith("HTTP/1.1 200")
                        .contains("\"predictedRating\"");
            }
            assertThat(process.waitFor(1, TimeUnit.MINUTES))
                    .as("the process ends by itself")
                    .isTrue();
            String record =
                    Files.readString(dir.resolve("models").resolve("jobs").resolve(job + ".json"));
            assertThat(record)
                    .contains("\"status\":\"CANCELLED\"")
                    .contains("the service shut down before the job ended");
            assertThat(Files.readString(log)).contains("Graceful shutdown complete");
        } finally {
            process.destroyForcibly();
        }
    }

    private static void awaitUp(TinyService service, Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(Instant.now()).as("ready in time").isBefore(deadline);
            try {
                if (service.send("GET", "/actuator/health/readiness", null, Map.of())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // The port opens a few seconds after the process starts.
            }
            Thread.sleep(200);
        }
    }

    /**
     * Waits until the server has taken the half-sent request (its headers parsed, its body being
     * read): only then is it in flight. A fixed pause raced with a busy machine, where SIGTERM came
     * before Tomcat had parsed the headers and the connection was closed unanswered.
     */
    private static void awaitPostInFlight(TinyService service) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (service.send("GET", "/actuator/prometheus", null, Map.of())
                .body()
                .lines()
                .noneMatch(line -> line.startsWith("http_server_requests_active_seconds_count{")
                        && line.contains("method=\"POST\"")
                        && !line.endsWith(" 0"))) {
            assertThat(Instant.now()).as("the request is in flight in time").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitLine(Path log, String text) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!Files.readString(log).contains(text)) {
            assertThat(Instant.now()).as("log line '" + text + "' in time").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
