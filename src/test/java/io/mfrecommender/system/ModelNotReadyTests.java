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
        for (String uri : new String[] {"/predict?user=1&movie=1", "/users/1/recommendations", "/movies/1",
                "/movies/1/similar"}) {
            assertThat(mvc.get().uri(uri)).as(uri).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                    .hasHeader("Retry-After", "5")
                    .bodyJson().isLenientlyEqualTo("""
                            {"type":"/problems/model-not-ready","status":503,
                             "detail":"No model is active yet: training a sgd model on test data. Retry shortly."}""");
        }
    }
}
