package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs the image, waits for readiness (its own health check's endpoint), and uses it: predict,
 * recommendations, and a training job with the API key. The image is the one named by the system
 * property {@code mf.docker.image} (what {@code src/test/docker/compose-test.sh} built from the
 * Dockerfile over the host's jar, and runs this test on, in CI), else one built here from the
 * Dockerfile with its default base images. Needs a Docker engine: skipped cleanly where there is
 * none (as in {@code ./mvnw verify} in CI, which runs before the engine is started).
 */
@EnabledIf(
        value = "dockerEngine",
        disabledReason = "skipped: no Docker engine here (no DOCKER_HOST, no /var/run/docker.sock)")
@Testcontainers(disabledWithoutDocker = true)
class DockerImageIT {

    /**
     * Whether an engine may be there, asked without Testcontainers, whose own check logs an ERROR
     * that reads like a failure where there is none.
     */
    static boolean dockerEngine() {
        return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    }

    private static final String KEY = "docker-image-it-key-012345";

    @Container
    static final GenericContainer<?> SERVICE = image().withEnv("RECOMMENDER_SECURITY_API_KEY", KEY)
            .withExposedPorts(8080)
            .waitingFor(Wait.forHttp("/actuator/health/readiness")
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(10)));

    private static GenericContainer<?> image() {
        String named = System.getProperty("mf.docker.image", "");
        return named.isBlank()
                ? new GenericContainer<>(
                        new ImageFromDockerfile("mf-recommender-it", false).withFileFromPath(".", Path.of(".")))
                : new GenericContainer<>(DockerImageName.parse(named));
    }

    @Test
    void containerTrainsOnTheEmbeddedDataServesAndRunsATrainingJob() throws Exception {
        int port = SERVICE.getMappedPort(8080);
        ContractValidator contract = new ContractValidator(ContractCheck.document(SERVICE.getHost(), port));
        TinyService service = new TinyService(port, SERVICE.getHost(), contract::check);
        HttpResponse<String> recommendations = service.send("GET", "/users/1/recommendations?limit=3", null, Map.of());
        assertThat(recommendations.statusCode()).isEqualTo(200);
        assertThat(recommendations.body()).contains("\"strategy\":\"personalized\"");
        HttpResponse<String> prediction = service.send("GET", "/predict?user=1&movie=1074638", null, Map.of());
        assertThat(prediction.statusCode()).isEqualTo(200);
        assertThat(prediction.body()).contains("\"predictedRating\"");

        String quick = "{\"activation\":\"never\",\"parameters\":{\"factors\":8,\"epochs\":3},\"ranker\":false}";
        assertThat(service.send("POST", "/training-jobs", quick, Map.of()).statusCode())
                .isEqualTo(401);
        HttpResponse<String> submitted = service.send("POST", "/training-jobs", quick, Map.of("X-API-Key", KEY));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        String job;
        do {
            assertThat(Instant.now()).as("the job ends in time").isBefore(deadline);
            Thread.sleep(500);
            job = service.send("GET", location, null, Map.of()).body();
        } while (job.contains("\"QUEUED\"") || job.contains("\"RUNNING\""));
        assertThat(job).contains("\"status\":\"SUCCEEDED\"");
        ContractCheck.report("DockerImageIT", contract);
    }
}
