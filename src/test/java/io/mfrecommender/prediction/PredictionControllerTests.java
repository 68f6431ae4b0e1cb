package io.mfrecommender.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.system.BadBodies;
import io.mfrecommender.system.SliceTestConfiguration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Expected values are the hand-computed scores in TinyModel's comment. */
@WebMvcTest(controllers = PredictionController.class)
@Import(SliceTestConfiguration.TinyModelActive.class)
class PredictionControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void predictsAndClipsToTheScale() {
        assertThat(mvc.get().uri("/predict?user=10&movie=100"))
                .hasStatusOk()
                .hasHeader("X-Model-Version", "tiny")
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"user":10,"movie":100,"predictedRating":5.0,"score":5.75,"baseline":3.75,
                         "strategy":"personalized","modelVersion":"tiny"}""");
        assertThat(mvc.get().uri("/predict?user=20&movie=300")).bodyJson().isLenientlyEqualTo("""
                        {"predictedRating":1.0,"score":0.0,"baseline":2.0}""");
    }

    @Test
    void unknownUserGetsTheItemBaseline() {
        assertThat(mvc.get().uri("/predict?user=999&movie=200"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"predictedRating":2.5,"score":2.5,"baseline":2.5,"strategy":"item-baseline"}""");
    }

    @Test
    void unknownMovieIsA404Problem() {
        assertThat(mvc.get().uri("/predict?user=10&movie=7"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/unknown-movie","title":"Unknown movie","status":404,"movie":7}""");
    }

    @Test
    void missingAndMalformedParametersAre400Problems() {
        assertThat(mvc.get().uri("/predict?user=10"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/missing-parameter","parameter":"movie",
                         "detail":"the query parameter 'movie' is required"}""");
        assertThat(mvc.get().uri("/predict?user=x&movie=1"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("'user' must be a whole number, got 'x'");
        assertThat(mvc.get().uri("/predict?user=1&movie=99999999999999999999")).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void batchAnswersEveryPairInOrderFromOneModel() {
        assertThat(mvc.post()
                        .uri("/predictions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                {"pairs":[{"user":10,"movie":200},{"user":999,"movie":100},{"user":20,"movie":200}]}"""))
                .hasStatusOk()
                .hasHeader("X-Model-Version", "tiny")
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"modelVersion":"tiny","predictions":[
                          {"user":10,"movie":200,"score":4.5,"strategy":"personalized"},
                          {"user":999,"movie":100,"score":3.25,"strategy":"item-baseline"},
                          {"user":20,"movie":200,"score":3.5,"strategy":"personalized"}]}""");
    }

    /** A member the document does not describe is refused, naming it, not ignored (#33). */
    @Test
    void anUnknownMemberIsRefusedNamingIt() {
        BadBodies.refusedNaming(mvc, HttpMethod.POST, "/predictions", new String[][] {
            {"{\"pairs\":[{\"user\":10,\"movie\":200}],\"limit\":5}", "limit"},
            {"{\"pairs\":[{\"user\":10,\"movie\":200,\"weight\":2}]}", "pairs[0].weight"}
        });
    }

    @Test
    void badBatchesAreProblems() {
        assertThat(mvc.post()
                        .uri("/predictions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"pairs\":[{\"user\":1"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/malformed-body");
        assertThat(mvc.post()
                        .uri("/predictions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"pairs\":[]}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("pairs must hold at least one pair");
        assertThat(mvc.post()
                        .uri("/predictions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"pairs\":[{\"user\":1}]}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("pairs[0].movie must not be null");
        assertThat(mvc.post()
                        .uri("/predictions")
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("x"))
                .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.post()
                        .uri("/predictions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                {"pairs":[{"user":10,"movie":200},{"user":10,"movie":7}]}"""))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .extractingPath("$.movie")
                .isEqualTo(7);
        String oversize =
                "{\"pairs\":[" + String.join(",", Collections.nCopies(1001, "{\"user\":10,\"movie\":100}")) + "]}";
        assertThat(mvc.post()
                        .uri("/predictions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(oversize))
                .hasStatus(HttpStatus.CONTENT_TOO_LARGE)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/batch-too-large","status":413,"maxBatch":1000}""");
    }
}
