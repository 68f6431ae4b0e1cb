package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.system.SliceTestConfiguration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** A version with a ranker; expected lists follow from the scores in TinyServing.withRanker()'s comment. */
@WebMvcTest(
        controllers = {RecommendationController.class, MovieController.class},
        properties = "recommender.serving.similar-min-ratings=0")
@Import(SliceTestConfiguration.TinyModelWithRankerActive.class)
class RankedRecommendationControllerTests {

    @Autowired
    MockMvcTester mvc;

    /** The ranker puts 300 first where the rating model puts 100 first; each keeps its predicted rating. */
    @Test
    void theRankerOrdersTheListAndTheRatingModelStillPredicts() {
        assertThat(mvc.get().uri("/users/10/recommendations"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"user":10,"strategy":"personalized","ranking":"ranker","items":[
                          {"movieId":300,"predictedRating":3.5},
                          {"movieId":100,"predictedRating":5.0}]}
                        """);
    }

    @Test
    void sortByPredictedRatingGivesTheRatingModelsOrder() {
        assertThat(mvc.get().uri("/users/10/recommendations?sort=predicted-rating"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"ranking":"predicted-rating","items":[{"movieId":100,"predictedRating":5.0},{"movieId":300}]}
                        """);
    }

    @Test
    void pagingAndGenreFilterApplyToTheRankersOrder() {
        assertThat(mvc.get().uri("/users/10/recommendations?excludeRated=false"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.items[*].movieId")
                .asArray()
                .containsExactly(300, 200, 100);
        assertThat(mvc.get().uri("/users/10/recommendations?excludeRated=false&offset=1&limit=1"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.items[*].movieId")
                .asArray()
                .containsExactly(200);
        assertThat(mvc.get().uri("/users/10/recommendations?genre=comedy"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.items[*].movieId")
                .asArray()
                .containsExactly(300, 100);
    }

    @Test
    void similarMoviesUseTheRankersItemFactors() {
        assertThat(mvc.get().uri("/movies/100/similar?limit=2"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.items[*].similarity")
                .asArray()
                .satisfiesExactly(
                        s -> assertThat(((Number) s).doubleValue()).isCloseTo(0.9450, Assertions.within(1e-4)),
                        s -> assertThat(((Number) s).doubleValue()).isCloseTo(0.1105, Assertions.within(1e-4)));
    }
}
