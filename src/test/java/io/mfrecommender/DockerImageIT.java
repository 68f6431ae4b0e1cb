package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Builds the image from the project's Dockerfile and checks that the container becomes ready
 * and serves. Needs a Docker engine: skipped cleanly where there is none (as in CI here).
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerImageIT {

    @Container
    static final GenericContainer<?> SERVICE = new GenericContainer<>(
                    new ImageFromDockerfile("mf-recommender-it", false).withFileFromPath(".", Path.of(".")))
            .withExposedPorts(8080)
            .waitingFor(Wait.forHttp("/actuator/health/readiness")
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(10)));

    @Test
    void containerTrainsOnTheEmbeddedDataAndServes() throws Exception {
        URI uri = URI.create(
                "http://" + SERVICE.getHost() + ":" + SERVICE.getMappedPort(8080) + "/users/1/recommendations?limit=3");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"strategy\":\"personalized\"");
    }
}
