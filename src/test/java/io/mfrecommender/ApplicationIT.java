package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole application on its embedded default data, over real HTTP: it trains at startup, then serves. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApplicationIT {

    private static final Path MODELS;

    static {
        try {
            MODELS = Files.createTempDirectory("mf-recommender-it-models");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("recommender.models.directory", MODELS::toString);
        registry.add("recommender.training.factors", () -> "32");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @BeforeEach
    void awaitReadiness() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (get("/actuator/health/readiness").statusCode() != 200) {
            assertThat(Instant.now()).as("model ready in time").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void trainsOnTheEmbeddedDataSavesTheModelAndServesIt() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.body()).contains("\"model\"").contains("\"users\":16554").contains("\"items\":10506");
        assertThat(Files.readString(MODELS.resolve("ACTIVE")).strip()).isNotBlank();

        HttpResponse<String> prediction = get("/predict?user=1&movie=1074638");
        assertThat(prediction.statusCode()).isEqualTo(200);
        assertThat(prediction.headers().firstValue("X-Model-Version")).isPresent();
        assertThat(prediction.body()).contains("\"strategy\":\"personalized\"");

        HttpResponse<String> recommendations = get("/users/1/recommendations?limit=5");
        assertThat(recommendations.statusCode()).isEqualTo(200);
        assertThat(recommendations.body()).contains("\"strategy\":\"personalized\"").contains("\"title\":")
                .contains("\"ranking\":\"ranker\"");
        HttpResponse<String> byRating = get("/users/1/recommendations?limit=5&sort=predicted-rating");
        assertThat(byRating.body()).contains("\"ranking\":\"predicted-rating\"");
        assertThat(get("/users/1/recommendations?sort=best").statusCode()).isEqualTo(400);

        HttpResponse<String> cold = get("/users/123456789/recommendations?genre=Comedy");
        assertThat(cold.body()).contains("\"strategy\":\"popular\"").contains("Comedy");
    }

    @Test
    void bodiesOverTheByteLimitAreRefusedWithAProblem() throws Exception {
        String huge = "{\"pairs\":[" + "{\"user\":1,\"movie\":1074638},".repeat(40_000) + "{\"user\":1,\"movie\":1074638}]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predictions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(huge)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"/problems/body-too-large\"")
                .contains("at most 1048576 are accepted");
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> health = get("/actuator/health/liveness");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void swaggerUiAndOpenApiDocumentAreServed() throws Exception {
        HttpResponse<String> ui = get("/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("Swagger UI");
        assertThat(get("/swagger-ui.html").statusCode()).isIn(200, 302);
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(docs.body());
        assertThat(parsed.getMessages()).as("OpenAPI validation messages").isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getPaths()).containsKeys("/predict", "/predictions", "/users/{id}/recommendations",
                "/movies/{id}", "/movies/{id}/similar");
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            assertThat(operation.getSummary()).as(path + " summary").isNotBlank();
            assertThat(operation.getResponses()).as(path + " responses").containsKeys("200", "400", "503");
        }));
        assertThat(api.getPaths().get("/users/{id}/recommendations").getGet().getParameters())
                .extracting(parameter -> parameter.getName())
                .containsExactlyInAnyOrder("id", "limit", "offset", "excludeRated", "genre", "sort");
    }

    @Test
    void onlyTheOperatorEndpointsOfActuatorAreExposed() throws Exception {
        get("/users/1/recommendations");
        get("/users/987654321/recommendations");
        get("/predict?user=1&movie=1074638");
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("recommender_recommendations_seconds_count{", "strategy=\"personalized\"",
                "strategy=\"popular\"", "recommender_predictions_seconds_count{", "recommender_model_users 16554",
                "recommender_model_items 10506", "recommender_model_age_seconds", "recommender_model_validation_rmse");
        HttpResponse<String> info = get("/actuator/info");
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).contains("\"model\"").contains("\"algorithm\":\"sgd\"").contains("\"build\"");
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/beans").statusCode()).isEqualTo(404);
    }
}
