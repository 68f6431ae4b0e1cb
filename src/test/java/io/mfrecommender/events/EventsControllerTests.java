package io.mfrecommender.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.model.TinyServing;
import io.mfrecommender.ratings.TinyRatings;
import io.mfrecommender.system.SliceTestConfiguration;
import io.mfrecommender.training.EventWeights;
import io.mfrecommender.training.FoldIn;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * The events endpoints over {@link TinyServing}'s version with a ranker (scale 1–5; movies 100, 200,
 * 300 with ranker rows (0.1, 0.2), (0.5, 0.5), (0.9, 0); user 10 rated 200 in the data).
 */
@WebMvcTest(
        controllers = EventsController.class,
        properties = "recommender.serving.similar-min-ratings=0",
        includeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern =
                                "io\\.mfrecommender\\.(ratings\\.Ratings|recommendation\\.Recommendation|recommendation\\.Movie)Controller"))
@Import(SliceTestConfiguration.RatingsOverTinyModel.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class EventsControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TinyRatings tiny;

    private MockMvcTester.MockMvcRequestBuilder post(long user, String body) {
        return mvc.post()
                .uri("/users/" + user + "/events")
                .contentType("application/json")
                .content(body);
    }

    @Test
    void aNewUserIsRankedFromTheirEventsByTheDocumentedRule() {
        assertThat(post(
                        77,
                        "[{\"movie\":300,\"type\":\"play\"},{\"movie\":300,\"type\":\"play\"},"
                                + "{\"movie\":100,\"type\":\"view\"}]"))
                .hasStatus(HttpStatus.CREATED)
                .hasHeader("Location", "/users/77/events")
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"user":77,"accepted":3,"strategy":"folded-in","modelVersion":"tiny",
                         "events":[{"movie":300,"title":"Gamma","type":"play","count":2},
                                   {"movie":100,"title":"Alpha","type":"view","count":1}]}""");
        // c = w · (1 + ln n): two plays of 300 weigh 3 (1 + ln 2), one view of 100 weighs 1.
        FoldIn.Folded expected = FoldIn.forModel(TinyServing.withRanker().model())
                .fold(new int[0], new float[0], new FoldIn.RankerEvents(new int[] {2, 0}, new float[] {
                    (float) (3 * (1 + Math.log(2))), 1f
                }));
        float[] served = tiny.registry.current().overlay().get(77).rankerVector();
        assertThat(served[0]).isCloseTo(expected.rankerVector()[0], within(1e-6f));
        assertThat(served[1]).isCloseTo(expected.rankerVector()[1], within(1e-6f));
        // Events are not stars: the rating model's user is not moved by them.
        assertThat(tiny.registry.current().overlay().get(77).vector()).containsOnly(0f);
        // What the user played or viewed is theirs already: left out as rated movies are, unless asked for.
        assertThat(mvc.get().uri("/users/77/recommendations")).bodyJson().isLenientlyEqualTo("""
                {"strategy":"folded-in","ranking":"ranker","items":[{"movieId":200}]}""");
        assertThat(mvc.get().uri("/users/77/recommendations?excludeRated=false"))
                .bodyJson()
                .isLenientlyEqualTo("""
                {"items":[{"movieId":300},{"movieId":200},{"movieId":100}]}""");
    }

    @Test
    void notInterestedLeavesTheNextListAtOnceWhateverTheQueryAndComesBackWhenRemoved() {
        assertThat(mvc.get().uri("/users/10/recommendations?excludeRated=false"))
                .bodyJson()
                .extractingPath("$.items[0].movieId")
                .isEqualTo(300);
        assertThat(post(10, "{\"movie\":300,\"type\":\"not-interested\"}")).hasStatus(HttpStatus.CREATED);
        assertThat(mvc.get().uri("/users/10/recommendations?excludeRated=false"))
                .bodyJson()
                .isLenientlyEqualTo("""
                {"items":[{"movieId":200},{"movieId":100}]}""");
        assertThat(mvc.get().uri("/users/10/recommendations?excludeRated=false"))
                .bodyJson()
                .extractingPath("$.items.length()")
                .isEqualTo(2);
        // A user the version does not know: the popular list leaves it out too.
        assertThat(post(88, "{\"movie\":100,\"type\":\"not-interested\"}"))
                .hasStatus(HttpStatus.CREATED)
                .bodyJson()
                .extractingPath("$.strategy")
                .isEqualTo("popular");
        assertThat(mvc.get().uri("/users/88/recommendations"))
                .bodyJson()
                .extractingPath("$.items[*].movieId")
                .asArray()
                .hasSize(2)
                .doesNotContain(100);

        // Similar movies asked for the user leave it out too; asked for nobody, they do not.
        assertThat(mvc.get().uri("/movies/100/similar?user=10"))
                .bodyJson()
                .extractingPath("$.items[*].movieId")
                .asArray()
                .containsExactly(200);
        assertThat(mvc.get().uri("/movies/100/similar"))
                .bodyJson()
                .extractingPath("$.items[*].movieId")
                .asArray()
                .hasSize(2);

        assertThat(mvc.delete().uri("/users/10/events/300/not-interested")).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.get().uri("/users/10/recommendations?excludeRated=false"))
                .bodyJson()
                .extractingPath("$.items.length()")
                .isEqualTo(3);
        assertThat(mvc.delete().uri("/users/10/events/300/not-interested"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/unknown-event");
    }

    @Test
    void theUsersEventsAreListedByMovieThenType() {
        assertThat(post(
                        77,
                        "[{\"movie\":300,\"type\":\"view\",\"at\":\"2026-01-02T00:00:00Z\"},"
                                + "{\"movie\":300,\"type\":\"view\",\"at\":\"2026-01-01T00:00:00Z\"},"
                                + "{\"movie\":100,\"type\":\"purchase\",\"at\":\"2025-06-01T12:00:00Z\"},"
                                + "{\"movie\":300,\"type\":\"list\",\"at\":\"2026-01-03T00:00:00Z\"}]"))
                .hasStatus(HttpStatus.CREATED);
        assertThat(mvc.get().uri("/users/77/events")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"user":77,"total":3,"offset":0,"limit":100,"events":[
                  {"movie":100,"title":"Alpha","type":"purchase","count":1,"last":"2025-06-01T12:00:00Z"},
                  {"movie":300,"title":"Gamma","type":"list","count":1,"last":"2026-01-03T00:00:00Z"},
                  {"movie":300,"title":"Gamma","type":"view","count":2,"last":"2026-01-02T00:00:00Z"}]}""");
        assertThat(mvc.get().uri("/users/77/events?limit=1&offset=2"))
                .bodyJson()
                .isLenientlyEqualTo("""
                {"total":3,"events":[{"movie":300,"type":"view"}]}""");
        assertThat(mvc.get().uri("/users/78/events"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/unknown-user");
        assertThat(mvc.get().uri("/users/77/events?limit=0")).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aRefusedBatchStoresNothingAndNamesTheEntry() throws IOException {
        assertThat(post(10, "{\"movie\":300,\"type\":\"view\"}")).hasStatus(HttpStatus.CREATED);
        long bytes = Files.size(tiny.journal);
        assertThat(post(10, "[{\"movie\":100,\"type\":\"view\"},{\"movie\":200,\"type\":\"rewatch\"}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/invalid-parameter","parameter":"events[1].type"}""");
        assertThat(post(10, "[{\"movie\":100,\"type\":\"rewatch\"}]"))
                .bodyJson()
                .extractingPath("$.detail")
                .asString()
                .contains(EventWeights.DEFAULTS.describe());
        String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        assertThat(post(10, "[{\"movie\":100,\"type\":\"view\",\"at\":\"" + tomorrow + "\"}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("events[0].at");
        String soon = Instant.now().plusSeconds(60).toString(); // inside the 5-minute tolerance
        assertThat(post(
                        10,
                        "[{\"movie\":100,\"type\":\"view\",\"at\":\"" + soon + "\"},"
                                + "{\"movie\":999,\"type\":\"view\"}]"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/unknown-movie","parameter":"events[1].movie","movie":999}""");
        assertThat(post(10, "[{\"movie\":100,\"type\":\"view\",\"at\":\"yesterday\"}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("events[0].at");
        assertThat(post(10, "[{\"movie\":100,\"type\":\"view\",\"rating\":4}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("events[0].rating");
        assertThat(post(10, "[{\"movie\":\"100\",\"type\":\"view\"}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("events[0].movie");
        assertThat(post(10, "[{\"movie\":100,\"type\":7}]"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("events[0].type");
        assertThat(post(10, "[]")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(post(
                        10,
                        "[" + "{\"movie\":100,\"type\":\"view\"},".repeat(1000) + "{\"movie\":100,\"type\":\"view\"}]"))
                .hasStatus(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(Files.size(tiny.journal)).isEqualTo(bytes);
        assertThat(tiny.store.events(10).get(300L)).hasSize(1);
        assertThat(tiny.store.events(10)).containsOnlyKeys(300L);
    }

    @Test
    void erasingTheUserErasesTheirEventsFromTheDiskToo() throws IOException {
        assertThat(post(77, "[{\"movie\":300,\"type\":\"play\"},{\"movie\":100,\"type\":\"not-interested\"}]"))
                .hasStatus(HttpStatus.CREATED);
        assertThat(post(78, "{\"movie\":200,\"type\":\"purchase\"}")).hasStatus(HttpStatus.CREATED);
        assertThat(Files.readString(tiny.journal)).contains("E 77 300 play 1 ");
        assertThat(mvc.delete().uri("/users/77")).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.get().uri("/users/77/events")).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get().uri("/users/77/recommendations"))
                .bodyJson()
                .extractingPath("$.strategy")
                .isEqualTo("popular");
        tiny.store.compact(); // what the erasure schedules a few seconds later
        String journal = Files.readString(tiny.journal);
        assertThat(journal).doesNotContain(" 77 ").contains("E 78 200 purchase 1 ");
    }
}
