package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Explanations, list rules and an experiment over HTTP, as a client uses them: the key guards the
 * experiment's start and end, every model response names its variant, a hit is counted, the end
 * promotes one version, and bad parameters are problem responses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExperimentsIT {

    private static final String KEY = "experiments-it-key-0123";
    private static final Path DIR = TinyService.directory("mf-recommender-experiments-it");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.properties(registry, DIR, KEY);
    }

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void ready() throws Exception {
        new TinyService(port).awaitReadiness();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return new TinyService(port).send(method, path, body, Map.of("X-API-Key", KEY));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = new TinyService(port).send("GET", path, null, Map.of());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    @Test
    void anExperimentFromStartToPromotion() throws Exception {
        String initial = get("/models").get("active").asString();
        String job = "{\"parameters\":{\"factors\":8,\"epochs\":5,\"seed\":7},\"rankerParameters\":{\"factors\":4,"
                + "\"epochs\":2,\"unobservedWeights\":[0.1]},\"activation\":\"never\"}";
        HttpResponse<String> submitted = send("POST", "/training-jobs", job);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String other = awaitVersion(submitted.headers().firstValue("Location").orElseThrow());
        assertThat(other).isNotEqualTo(initial);

        String experiment = "{\"name\":\"it\",\"variants\":[{\"name\":\"A\",\"version\":\"" + initial
                + "\",\"share\":50},{\"name\":\"B\",\"version\":\"" + other + "\",\"share\":50}]}";
        assertThat(new TinyService(port)
                        .send("POST", "/experiments", experiment, Map.of())
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> badShares =
                send("POST", "/experiments", experiment.replace("\"share\":50}]", "\"share\":40}]"));
        assertThat(badShares.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badShares.body()).get("type").asString()).isEqualTo("/problems/invalid-parameter");
        HttpResponse<String> unknownField =
                send("POST", "/experiments", experiment.replace("\"name\":\"it\"", "\"name\":\"it\",\"x\":1"));
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknownField.body()).get("parameter").asString())
                .isEqualTo("x");

        HttpResponse<String> started = send("POST", "/experiments", experiment);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(started.headers().firstValue("Location")).hasValue("/experiments/it");
        assertThat(send("POST", "/experiments", experiment.replace("\"it\"", "\"it2\""))
                        .statusCode())
                .isEqualTo(409);

        // Every response from a model names the variant and the version that served it.
        long userInB = -1;
        for (long user = 1; user <= 40; user++) {
            JsonNode list = get("/users/" + user + "/recommendations?limit=5");
            String variant = list.get("variant").asString();
            assertThat(list.get("modelVersion").asString()).isEqualTo(variant.equals("A") ? initial : other);
            assertThat(get("/users/" + user + "/recommendations?limit=5")
                            .get("variant")
                            .asString())
                    .isEqualTo(variant);
            JsonNode prediction = get("/predict?user=" + user + "&movie="
                    + list.get("items").get(0).get("movieId"));
            assertThat(prediction.get("variant").asString()).isEqualTo(variant);
            if (variant.equals("B") && userInB < 0) {
                userInB = user;
            }
        }
        assertThat(userInB).isPositive();

        // A hit: the user rates a movie they were shown.
        JsonNode shown = get("/users/" + userInB + "/recommendations?limit=5");
        long movie = shown.get("items").get(0).get("movieId").asLong();
        assertThat(send("POST", "/users/" + userInB + "/ratings", "{\"movie\":" + movie + ",\"rating\":5}")
                        .statusCode())
                .isEqualTo(201);
        JsonNode report = get("/experiments/it");
        JsonNode b = report.get("variants").get(1);
        assertThat(b.get("name").asString()).isEqualTo("B");
        assertThat(b.get("hits").asLong()).isEqualTo(1);
        assertThat(b.get("usersWithHit").asLong()).isEqualTo(1);
        assertThat(b.get("hitRate").asDouble()).isCloseTo(1.0 / b.get("users").asLong(), within(1e-9));
        assertThat(b.get("interval").get("low").asDouble())
                .isLessThan(b.get("hitRate").asDouble());
        assertThat(get("/experiments").get("experiments").get(0).get("status").asString())
                .isEqualTo("running");

        // Its explanation is the serving variant's, and adds up.
        JsonNode explanation = get("/users/" + userInB + "/recommendations/" + movie + "/explanation?limit=100");
        assertThat(explanation.get("variant").asString()).isEqualTo("B");
        assertThat(explanation.get("modelVersion").asString()).isEqualTo(other);
        double sum = explanation.get("otherContributions").asDouble();
        for (JsonNode contribution : explanation.get("contributions")) {
            sum += contribution.get("contribution").asDouble();
        }
        assertThat(sum).isCloseTo(explanation.get("rankerScore").asDouble(), within(1e-4));

        assertThat(new TinyService(port)
                        .send("POST", "/experiments/it/end", "{\"promote\":\"B\"}", Map.of())
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> ended = send("POST", "/experiments/it/end", "{\"promote\":\"B\"}");
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(json.readTree(ended.body()).get("promoted").asString()).isEqualTo("B");
        assertThat(get("/models").get("active").asString()).isEqualTo(other);
        JsonNode after = get("/users/1/recommendations?limit=5");
        assertThat(after.has("variant")).isFalse();
        assertThat(after.get("modelVersion").asString()).isEqualTo(other);
        assertThat(send("POST", "/experiments/it/end", "{\"promote\":\"A\"}").statusCode())
                .isEqualTo(409);
        assertThat(new TinyService(port)
                        .send("GET", "/experiments/none", null, Map.of())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void listRulesAreParametersLikeAnyOther() throws Exception {
        JsonNode included = get("/users/1/recommendations?limit=10&include=1,2,3,4,5,999999");
        for (JsonNode item : included.get("items")) {
            assertThat(item.get("movieId").asLong()).isBetween(1L, 5L);
        }
        assertThat(get("/users/1/recommendations?limit=10&diversity=0.5")
                        .get("items")
                        .size())
                .isEqualTo(10);
        assertThat(get("/users/1/recommendations?limit=10&minYear=2100")
                        .get("items")
                        .size())
                .isZero();
        for (String bad : new String[] {"diversity=2", "diversity=abc", "minYear=2000&maxYear=1990", "include=a,b"}) {
            HttpResponse<String> response =
                    new TinyService(port).send("GET", "/users/1/recommendations?" + bad, null, Map.of());
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(new TinyService(port)
                        .send("GET", "/users/1/recommendations/999999/explanation", null, Map.of())
                        .statusCode())
                .isEqualTo(404);
    }

    private String awaitVersion(String location) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = get(location);
            String status = job.get("status").asString();
            if (status.equals("SUCCEEDED")) {
                return job.get("modelVersion").asString();
            }
            assertThat(status).isIn("QUEUED", "RUNNING");
            Thread.sleep(200);
        }
        throw new AssertionError("the job did not finish in time");
    }
}
