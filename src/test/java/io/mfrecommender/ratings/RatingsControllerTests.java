package io.mfrecommender.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.model.TinyServing;
import io.mfrecommender.system.SliceTestConfiguration;
import io.mfrecommender.training.FoldIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The ratings endpoints over {@link TinyServing}'s version with a ranker (scale 1–5; user 10
 * rated 200, user 20 rated 300, user 30 is only in the data; movies 100, 200, 300).
 */
// The predict and recommendation controllers too (package-private elsewhere, so named by pattern).
@WebMvcTest(
        controllers = RatingsController.class,
        includeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern =
                                "io\\.mfrecommender\\.(prediction\\.Prediction|recommendation\\.Recommendation)Controller"))
@Import(SliceTestConfiguration.RatingsOverTinyModel.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class RatingsControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TinyRatings tiny;

    private Path journal;

    @BeforeEach
    void journal() {
        journal = tiny.journal;
    }

    private MockMvcTester.MockMvcRequestBuilder post(long user, String body) {
        return mvc.post()
                .uri("/users/" + user + "/ratings")
                .contentType("application/json")
                .content(body);
    }

    @Test
    void aNewUserIsPersonalisedFromTheirFirstRatingsInBothModels() {
        assertThat(mvc.get().uri("/predict?user=77&movie=300"))
                .bodyJson()
                .extractingPath("$.strategy")
                .isEqualTo("item-baseline");
        assertThat(post(77, "[{\"movie\":100,\"rating\":5},{\"movie\":200,\"rating\":1}]"))
                .hasStatus(HttpStatus.CREATED)
                .hasHeader("Location", "/users/77/ratings")
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"user":77,"ratings":2,"strategy":"folded-in","modelVersion":"tiny",
                         "stored":[{"movie":100,"title":"Alpha","rating":5.0,"source":"posted"},
                                   {"movie":200,"title":"Beta","rating":1.0,"source":"posted"}]}""");

        // The served score is the fold-in's (b_u, p_u) against the fixed item side.
        FoldIn.Folded folded =
                FoldIn.forModel(TinyServing.withRanker().model()).fold(new int[] {0, 1}, new float[] {5, 1});
        var model = TinyServing.withRanker().model();
        double expected = model.baseline(-1, 2)
                + folded.bias()
                + folded.vector()[0] * model.itemVector(2)[0]
                + folded.vector()[1] * model.itemVector(2)[1];
        var prediction = mvc.get().uri("/predict?user=77&movie=300").exchange();
        assertThat(prediction).bodyJson().extractingPath("$.strategy").isEqualTo("folded-in");
        assertThat(prediction)
                .bodyJson()
                .extractingPath("$.score")
                .asNumber()
                .satisfies(score -> assertThat(score.doubleValue()).isCloseTo(expected, within(1e-5)));

        // Recommendations: ranked by the folded ranker vector, the two rated movies left out.
        assertThat(mvc.get().uri("/users/77/recommendations")).bodyJson().isLenientlyEqualTo("""
                {"strategy":"folded-in","ranking":"ranker","items":[{"movieId":300}]}""");
    }

    @Test
    void aKnownUsersListJoinsTheirDataWithWhatTheyPostedLatestWins() {
        assertThat(post(10, "{\"movie\":300,\"rating\":4}")).hasStatus(HttpStatus.CREATED);
        assertThat(post(10, "{\"movie\":300,\"rating\":2.5}")).hasStatus(HttpStatus.CREATED);
        assertThat(mvc.get().uri("/users/10/ratings")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"user":10,"total":2,"offset":0,"limit":100,"ratings":[
                  {"movie":200,"rating":3.0,"source":"data"},{"movie":300,"rating":2.5,"source":"posted"}]}""");
        assertThat(mvc.get().uri("/users/10/ratings?limit=1&offset=1"))
                .bodyJson()
                .isLenientlyEqualTo("""
                {"total":2,"ratings":[{"movie":300}]}""");
        // Exclusion follows the new ratings: 200 (data) and 300 (posted) are both left out.
        assertThat(mvc.get().uri("/users/10/recommendations")).bodyJson().isLenientlyEqualTo("""
                {"strategy":"folded-in","items":[{"movieId":100}]}""");
    }

    @Test
    void aRefusedBatchStoresNothingAndNamesTheEntry() throws IOException {
        assertThat(post(10, "{\"movie\":300,\"rating\":4}")).hasStatus(HttpStatus.CREATED);
        long bytes = Files.size(journal);
        assertThat(post(10, "[{\"movie\":100,\"rating\":4},{\"movie\":200,\"rating\":9}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/invalid-parameter","parameter":"ratings[1].rating"}""");
        assertThat(post(10, "[{\"movie\":100,\"rating\":4},{\"movie\":999,\"rating\":4}]"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/unknown-movie","parameter":"ratings[1].movie","movie":999}""");
        assertThat(post(10, "[{\"movie\":100,\"rating\":4},{\"movie\":100,\"rating\":3}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("ratings[1].movie");
        assertThat(post(10, "[{\"movie\":100,\"rating\":\"4\"}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("ratings[0].rating");
        assertThat(post(10, "[{\"movie\":1.5,\"rating\":4}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("ratings[0].movie");
        assertThat(post(10, "[{\"movie\":100,\"rating\":4,\"when\":1}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("ratings[0].when");
        assertThat(post(10, "[{\"movie\":100}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("ratings[0].rating");
        assertThat(post(10, "[]")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(post(10, "7")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(post(
                        10,
                        "[{\"movie\":100,\"rating\":4},{\"movie\":200,\"rating\":4},{\"movie\":300,\"rating\":4},"
                                + "{\"movie\":300,\"rating\":4}]"))
                .hasStatus(HttpStatus.CONTENT_TOO_LARGE)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/batch-too-large");
        assertThat(post(10, "{\"movie\":100,")).hasStatus(HttpStatus.BAD_REQUEST);

        assertThat(Files.size(journal))
                .as("journal untouched by refused batches")
                .isEqualTo(bytes);
        assertThat(mvc.get().uri("/users/10/ratings"))
                .bodyJson()
                .extractingPath("$.total")
                .isEqualTo(2);
    }

    @Test
    void deletingARatingRefoldsTheUserAndAnUnknownOneIs404() {
        assertThat(post(77, "[{\"movie\":100,\"rating\":5},{\"movie\":200,\"rating\":1}]"))
                .hasStatus(HttpStatus.CREATED);
        assertThat(mvc.delete().uri("/users/77/ratings/200")).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.delete().uri("/users/77/ratings/200"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/unknown-rating");
        assertThat(mvc.get().uri("/users/77/ratings")).bodyJson().isLenientlyEqualTo("""
                {"total":1,"ratings":[{"movie":100}]}""");
        // 200 is no longer rated, so it is a candidate again.
        assertThat(mvc.get().uri("/users/77/recommendations"))
                .bodyJson()
                .extractingPath("$.items.length()")
                .isEqualTo(2);
        // A dataset rating can be removed too.
        assertThat(mvc.delete().uri("/users/10/ratings/200")).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.get().uri("/users/10/ratings")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void anErasedUserLeavesNoTraceInResponses() {
        assertThat(mvc.get().uri("/predict?user=10&movie=300"))
                .bodyJson()
                .extractingPath("$.strategy")
                .isEqualTo("personalized");
        assertThat(post(10, "{\"movie\":300,\"rating\":4}")).hasStatus(HttpStatus.CREATED);
        assertThat(mvc.delete().uri("/users/10")).hasStatus(HttpStatus.NO_CONTENT);

        assertThat(mvc.get().uri("/users/10/ratings"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/unknown-user");
        assertThat(mvc.get().uri("/predict?user=10&movie=300")).bodyJson().isLenientlyEqualTo("""
                {"strategy":"item-baseline","score":3.0}""");
        assertThat(mvc.get().uri("/users/10/recommendations")).bodyJson().isLenientlyEqualTo("""
                {"strategy":"popular","ranking":"popularity"}""");
        assertThat(mvc.post()
                        .uri("/predictions")
                        .contentType("application/json")
                        .content("{\"pairs\":[{\"user\":10,\"movie\":300},{\"user\":20,\"movie\":300}]}"))
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"predictions":[{"strategy":"item-baseline"},{"strategy":"personalized"}]}""");
        assertThat(mvc.delete().uri("/users/10")).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.delete().uri("/users/12345")).hasStatus(HttpStatus.NOT_FOUND);

        // A restart replays the erasure: the user stays unknown.
        TinyRatings restarted = new TinyRatings(journal.getParent());
        assertThat(restarted.store.ratings(10).ratings()).isEmpty();
        assertThat(restarted.registry.current().user(10).known()).isFalse();
        assertThat(restarted.registry.current().user(20).known()).isTrue();
    }
}
