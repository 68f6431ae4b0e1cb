package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.events.EventsService;
import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.ratings.TinyRatings;
import io.mfrecommender.system.SliceTestConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The explanation endpoint over the tiny version with a ranker: its contributions and the rest add
 * up to the ranker's score; an unknown movie is 404; an unknown user is told the popular strategy.
 */
@WebMvcTest(controllers = ExplanationController.class)
@Import({SliceTestConfiguration.RatingsOverTinyModel.class, ExplanationControllerTests.Ratings.class})
class ExplanationControllerTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Ratings {
        @Bean
        PostedRatingsStore postedRatingsStore(TinyRatings tiny) {
            return tiny.store;
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void theContributionsAddUpToTheRankersScore() throws Exception {
        String body = mvc.get()
                .uri("/users/10/recommendations/300/explanation?limit=10")
                .exchange()
                .getResponse()
                .getContentAsString();
        JsonNode explanation = JsonMapper.builder().build().readTree(body);
        assertThat(explanation.get("movieId").asLong()).as(body).isEqualTo(300);
        double sum = explanation.get("otherContributions").asDouble();
        for (JsonNode contribution : explanation.get("contributions")) {
            sum += contribution.get("contribution").asDouble();
        }
        assertThat(sum).isCloseTo(explanation.get("rankerScore").asDouble(), within(1e-4));
        assertThat(explanation.get("contributions")).isNotEmpty();
    }

    @Autowired
    EventsService events;

    /** A user known from events alone: each term names what they did, and the terms add up to the served score. */
    @Test
    void eventsAreNamedAsContributions() throws Exception {
        events.post(
                77,
                JsonMapper.builder()
                        .build()
                        .readTree("[{\"movie\":300,\"type\":\"play\"},{\"movie\":300,\"type\":\"play\"},"
                                + "{\"movie\":100,\"type\":\"view\"}]"));
        String body = mvc.get()
                .uri("/users/77/recommendations/200/explanation")
                .exchange()
                .getResponse()
                .getContentAsString();
        JsonNode explanation = JsonMapper.builder().build().readTree(body);
        assertThat(explanation.get("strategy").asString()).as(body).isEqualTo("folded-in");
        java.util.Map<Long, JsonNode> byMovie = new java.util.HashMap<>();
        explanation
                .get("contributions")
                .forEach(c -> byMovie.put(c.get("movieId").asLong(), c));
        assertThat(byMovie).as(body).containsOnlyKeys(300L, 100L);
        assertThat(byMovie.get(300L).get("events").get("play").asInt()).isEqualTo(2);
        assertThat(byMovie.get(100L).get("events").get("view").asInt()).isEqualTo(1);
        assertThat(byMovie.get(300L).hasNonNull("rating")).isFalse();
        double sum = explanation.get("otherContributions").asDouble();
        for (JsonNode contribution : explanation.get("contributions")) {
            sum += contribution.get("contribution").asDouble();
        }
        assertThat(sum).isCloseTo(explanation.get("rankerScore").asDouble(), within(1e-5));
        assertThat(explanation.get("rankerScore").asDouble())
                .isCloseTo(explanation.get("servedScore").asDouble(), within(1e-5));
    }

    @Test
    void anUnknownMovieIs404AndAnUnknownUserThePopularStrategy() {
        assertThat(mvc.get().uri("/users/10/recommendations/999/explanation"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/unknown-movie");
        assertThat(mvc.get().uri("/users/777/recommendations/300/explanation"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.strategy")
                .isEqualTo("popular");
        assertThat(mvc.get().uri("/users/10/recommendations/300/explanation?limit=0"))
                .hasStatus(HttpStatus.BAD_REQUEST);
    }
}
