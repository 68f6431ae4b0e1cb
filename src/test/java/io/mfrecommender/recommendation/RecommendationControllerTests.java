package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.system.SliceTestConfiguration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Expected lists follow from the scores in TinyModel's and TinyServing's comments. */
@WebMvcTest(controllers = RecommendationController.class)
@Import(SliceTestConfiguration.TinyModelActive.class)
class RecommendationControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void knownUserGetsUnratedMoviesByPredictedRating() {
        assertThat(mvc.get().uri("/users/10/recommendations"))
                .hasStatusOk()
                .hasHeader("X-Model-Version", "tiny")
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"user":10,"strategy":"personalized","ranking":"predicted-rating","modelVersion":"tiny","items":[
                          {"movieId":100,"title":"Alpha","year":2001,"genres":["Comedy"],"predictedRating":5.0},
                          {"movieId":300,"title":"Gamma","year":1999,"genres":["Comedy","Drama"],"predictedRating":3.5}]}
                        """);
    }

    @Test
    void ratedMoviesComeBackWhenAskedAndPagingWorks() {
        assertThat(mvc.get().uri("/users/10/recommendations?excludeRated=false&limit=1&offset=1"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.items[*].movieId")
                .asArray()
                .containsExactly(200);
    }

    /** Id lists are written one way: no repeated, empty or padded item (each would change the page silently). */
    @Test
    void idListsWithRepeatsBlanksOrSpacesAreRefusedNamingTheParameter() {
        for (String bad : new String[] {
            "include=100,100,100", "include=,", "include=100,,300", "include=%20100", "exclude=100,100", "exclude=100,"
        }) {
            assertThat(mvc.get().uri("/users/10/recommendations?" + bad))
                    .as(bad)
                    .hasStatus(HttpStatus.BAD_REQUEST)
                    .bodyJson()
                    .extractingPath("$.parameter")
                    .isEqualTo(bad.substring(0, bad.indexOf('=')));
        }
        assertThat(mvc.get().uri("/users/10/recommendations?include=100,300"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.items[*].movieId")
                .asArray()
                .containsExactly(100, 300);
    }

    @Test
    void genreFilterIsCaseInsensitive() {
        assertThat(mvc.get().uri("/users/20/recommendations?genre=DRAMA"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.items[*].movieId")
                .asArray()
                .containsExactly(200);
    }

    @Test
    void excludedMoviesAreLeftOutForKnownAndUnknownUsers() {
        assertThat(mvc.get().uri("/users/10/recommendations?exclude=100,999999"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.items[*].movieId")
                .asArray()
                .containsExactly(300);
        assertThat(mvc.get().uri("/users/999/recommendations?limit=2&exclude=100"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.items[*].movieId")
                .asArray()
                .containsExactly(200, 300);
    }

    @Test
    void aBadExcludeListIsAProblemNamingIt() {
        assertThat(mvc.get().uri("/users/10/recommendations?exclude=100,abc"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("exclude");
        String tooMany =
                IntStream.rangeClosed(1, 1001).mapToObj(Integer::toString).collect(Collectors.joining(","));
        assertThat(mvc.get().uri("/users/10/recommendations?exclude=" + tooMany))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/invalid-parameter","status":400,"parameter":"exclude",
                         "detail":"exclude lists at most 1000 movie ids (recommender.serving.max-exclude), got 1001"}""");
    }

    @Test
    void unknownUserGetsPopularMoviesNeverA404() {
        assertThat(mvc.get().uri("/users/999/recommendations?limit=2"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"user":999,"strategy":"popular","ranking":"popularity","items":[
                          {"movieId":100,"predictedRating":3.25},{"movieId":200,"predictedRating":2.5}]}
                        """);
    }

    @Test
    void badParametersAreProblems() {
        assertThat(mvc.get().uri("/users/abc/recommendations"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/invalid-parameter","status":400,"parameter":"id",
                         "detail":"'id' must be a whole number, got 'abc'"}""");
        assertThat(mvc.get().uri("/users/10/recommendations?limit=0"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("'limit' must be between 1 and 100, got 0");
        assertThat(mvc.get().uri("/users/10/recommendations?limit=101")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(mvc.get().uri("/users/10/recommendations?limit=ten"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("'limit' must be a whole number, got 'ten'");
        assertThat(mvc.get().uri("/users/10/recommendations?offset=-1")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(mvc.get().uri("/users/10/recommendations?excludeRated=maybe"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("'excludeRated' must be true or false, got 'maybe'");
        assertThat(mvc.get().uri("/users/10/recommendations?sort=rating"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/invalid-parameter","parameter":"sort"}""");
        assertThat(mvc.get().uri("/users/10/recommendations?genre=Western"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("unknown genre 'Western'; known genres: Comedy, Drama");
    }

    @Test
    void unknownPathsAndWrongMethodsAreProblems() {
        assertThat(mvc.get().uri("/users/10/recommendation"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/not-found");
        assertThat(mvc.delete().uri("/users/10/recommendations"))
                .hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/method-not-allowed");
    }
}
