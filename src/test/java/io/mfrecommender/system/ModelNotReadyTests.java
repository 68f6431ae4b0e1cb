package io.mfrecommender.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Before a model is active every model endpoint answers 503 with Retry-After and the reason. */
@WebMvcTest
@Import(SliceTestConfiguration.NoModelYet.class)
class ModelNotReadyTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void everyModelEndpointAnswers503WithRetryAfter() {
        for (String uri : new String[] {
            "/predict?user=1&movie=1",
            "/users/1/recommendations",
            "/users/1/recommendations/1/explanation",
            "/movies/1",
            "/movies/1/similar"
        }) {
            assertThat(mvc.get().uri(uri))
                    .as(uri)
                    .hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                    .hasHeader("Retry-After", "5")
                    .bodyJson()
                    .isLenientlyEqualTo("""
                            {"type":"/problems/model-not-ready","status":503,
                             "detail":"No model is active yet: training a sgd model on test data. Retry shortly."}""");
        }
        assertThat(mvc.post()
                        .uri("/users/1/ratings")
                        .contentType("application/json")
                        .content("{\"movie\":1,\"rating\":4}"))
                .hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasHeader("Retry-After", "5");
        assertThat(mvc.get().uri("/users/1/ratings")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(mvc.delete().uri("/users/1/ratings/1")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(mvc.delete().uri("/users/1")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(mvc.put().uri("/movies/5").contentType("application/json").content("{\"title\":\"Early\"}"))
                .hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasHeader("Retry-After", "5");
        // An import maps its rows through the served ratings, which are not loaded yet.
        assertThat(mvc.post()
                        .uri("/models/imports")
                        .contentType("application/octet-stream")
                        .content(new byte[] {'P', 'K', 3, 4}))
                .hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasHeader("Retry-After", "5");
    }

    @Test
    void versionEndpointsAnswerBeforeAModelIsActive() {
        assertThat(mvc.get().uri("/models")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"active":null,"versions":[]}""");
        assertThat(mvc.get().uri("/experiments")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"experiments":[]}""");
        assertThat(mvc.get().uri("/experiments/nope")).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get().uri("/models/nope"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/unknown-model-version");
        assertThat(mvc.put()
                        .uri("/models/active")
                        .contentType("application/json")
                        .content("{\"version\":\"nope\"}"))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.put()
                        .uri("/models/active")
                        .contentType("application/json")
                        .content("{}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("version");
        assertThat(mvc.put()
                        .uri("/models/active")
                        .contentType("application/json")
                        .content("{\"version\":5}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("version");
        assertThat(mvc.put()
                        .uri("/models/active")
                        .contentType("application/json")
                        .content("{\"versions\":\"x\"}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("versions");
        assertThat(mvc.get().uri("/training-jobs/none"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/unknown-training-job");
        assertThat(mvc.get().uri("/training-jobs?size=0")).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aTrainingJobIsAcceptedWithItsLocationAndBadBodiesNameTheField() {
        assertThat(mvc.post()
                        .uri("/training-jobs")
                        .contentType("application/json")
                        .content("{\"colour\":1}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("colour");
        assertThat(mvc.post()
                        .uri("/training-jobs")
                        .contentType("application/json")
                        .content("{\"parameters\":{\"factors\":\"many\"}}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("parameters.factors");
        var accepted = mvc.post()
                .uri("/training-jobs")
                .contentType("application/json")
                .content("{\"activation\":\"never\"}")
                .exchange();
        assertThat(accepted)
                .hasStatus(HttpStatus.ACCEPTED)
                .bodyJson()
                .extractingPath("$.status")
                .isIn("QUEUED", "RUNNING", "FAILED");
        assertThat(accepted.getResponse().getHeader("Location")).startsWith("/training-jobs/");
    }
}
