package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.system.SliceTestConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Expected values follow from TinyModel's and TinyServing's comments. */
@WebMvcTest(controllers = MovieController.class, properties = "recommender.serving.similar-min-ratings=0")
@Import(SliceTestConfiguration.TinyModelActive.class)
class MovieControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void movieDetailsCarryRatingStatistics() {
        assertThat(mvc.get().uri("/movies/100"))
                .hasStatusOk()
                .hasHeader("X-Model-Version", "tiny")
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"movieId":100,"title":"Alpha","year":2001,"ratingCount":1,"meanRating":5.0,"inModel":true}""");
        assertThat(mvc.get().uri("/movies/7"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/unknown-movie","status":404,"movie":7,"detail":"movie 7 is not known to model tiny"}""");
    }

    @Test
    void similarMoviesAreRankedByCosine() {
        assertThat(mvc.get().uri("/movies/100/similar"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"movie":100,"modelVersion":"tiny","items":[
                          {"movieId":200,"title":"Beta"},{"movieId":300,"title":"Gamma"}]}""");
        assertThat(mvc.get().uri("/movies/100/similar"))
                .bodyJson()
                .extractingPath("$.items[0].similarity")
                .asNumber()
                // TinyModel's q whitened half way: G/n = [[1.75, 1/6], [1/6, 2/3]] has eigenvalues 0.6416 and
                // 1.7751; q·(G/n)^-1/4 is (1.7438, -0.0738) for 100 and (0.8350, 1.0749) for 200, cosine 0.57953.
                .satisfies(n -> assertThat(n.doubleValue()).isCloseTo(0.57953, within(1e-4)));
        assertThat(mvc.get().uri("/movies/5/similar")).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get().uri("/movies/100/similar?limit=100000")).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void badIdsAndWrongMethodsAreProblems() {
        assertThat(mvc.get().uri("/movies/abc"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("'id' must be a whole number, got 'abc'");
        assertThat(mvc.delete().uri("/movies/100"))
                .hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/method-not-allowed");
    }
}
