package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.TestClock;
import io.mfrecommender.benchmark.SyntheticCatalogue;
import io.mfrecommender.data.Availability;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.index.ItemIndex;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.RankerIndex;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retired movies and availability windows on a seeded clustered catalogue of 5,000 movies, a tenth
 * of them retired at random: no list, page or similar-movie answer shows one, through the exact scan
 * and through the index (where the rule is a filter inside the walk) alike, and the index keeps its
 * recall against the exact scan; a window opens and closes on the clock's time without a swap.
 */
class AvailabilityTests {

    private static final Instant OPENS = Instant.parse("2027-01-01T00:00:00Z");
    private static final Instant CLOSES = Instant.parse("2027-02-01T00:00:00Z");

    @TempDir
    static Path dir;

    private static SyntheticCatalogue.Generated catalogue;
    private static ItemIndex index;
    private static Set<Long> retired;
    private static ServingModel plain;
    private static ServingModel restricted;

    @BeforeAll
    static void build() {
        catalogue = new SyntheticCatalogue(5_000, 32, 300, 3).generate();
        plain = new ServingModel(catalogue.model(), catalogue.ratings(), catalogue.catalog(), Popularity.COUNT, 10);
        RankerIndex.build(plain, dir.resolve("index"), ItemIndex.Shape.DEFAULT, 1);
        index = RankerIndex.open(plain, dir.resolve("index"));
        retired = new HashSet<>();
        SplittableRandom random = new SplittableRandom(11);
        List<Movie> movies = new ArrayList<>();
        for (Movie movie : catalogue.catalog().movies()) {
            boolean retire = random.nextInt(10) == 0;
            if (retire) {
                retired.add(movie.id());
            }
            movies.add(retire ? movie.withAvailability(Availability.RETIRED) : movie);
        }
        restricted = plain.withCatalog(MovieCatalog.of(movies));
    }

    @AfterAll
    static void close() {
        index.close();
    }

    private static RecommendationService service(ServingModel serving, Clock clock) {
        ServedVersion served = new ServedVersion();
        served.activate(serving);
        return new RecommendationService(
                served,
                ServingProperties.defaults()
                        .withPopularity(Popularity.COUNT)
                        .withPageRules(2.5, 4)
                        .withIndex(ServingProperties.Index.from(1))
                        .withSimilarMinRatings(0),
                new SimpleMeterRegistry(),
                ExposureListener.NONE,
                clock);
    }

    private static List<Long> ids(Recommendations list) {
        return list.items().stream().map(Recommendation::movieId).toList();
    }

    private static List<Long> similarIds(RecommendationService service, long movie) {
        return service.similar(movie, 10).items().stream()
                .map(SimilarMovie::movieId)
                .toList();
    }

    @Test
    void retiredMoviesNeverShowAndTheIndexKeepsItsRecall() {
        Clock clock = new TestClock(OPENS);
        RecommendationService scan = service(restricted, clock);
        RecommendationService walk = service(restricted.withIndex(index), clock);
        RecommendationService before = service(plain, clock);
        double recall = 0;
        int touched = 0;
        for (long user = 1; user <= 100; user++) {
            List<Long> exact = ids(scan.recommend(user, 10, 0, true, null, null));
            List<Long> approximate = ids(walk.recommend(user, 10, 0, true, null, null));
            assertThat(exact).hasSize(10).doesNotContainAnyElementsOf(retired);
            assertThat(approximate).hasSize(10).doesNotContainAnyElementsOf(retired);
            assertThat(ids(walk.recommend(user, 10, 10, true, null, null))).doesNotContainAnyElementsOf(retired);
            Set<Long> expected = new HashSet<>(exact);
            recall += approximate.stream().filter(expected::contains).count() / 10.0;
            touched += ids(before.recommend(user, 10, 0, true, null, null)).stream()
                            .anyMatch(retired::contains)
                    ? 1
                    : 0;
        }
        assertThat(touched).as("lists that held a retired movie before").isGreaterThan(30);
        assertThat(recall / 100).isGreaterThanOrEqualTo(0.95);
        // Unknown users get the popular list, without retired movies either.
        assertThat(ids(scan.recommend(999_999, 50, 0, true, null, null)))
                .hasSize(50)
                .doesNotContainAnyElementsOf(retired);
    }

    @Test
    void similarMoviesLeaveRetiredOnesOut() {
        Clock clock = new TestClock(OPENS);
        RecommendationService scan = service(restricted, clock);
        RecommendationService walk = service(restricted.withIndex(index), clock);
        double recall = 0;
        for (long movie = 1; movie <= 100; movie++) {
            List<Long> exact = similarIds(scan, movie);
            assertThat(exact).hasSize(10).doesNotContainAnyElementsOf(retired);
            List<Long> approximate = similarIds(walk, movie);
            assertThat(approximate).doesNotContainAnyElementsOf(retired);
            Set<Long> expected = new HashSet<>(exact);
            recall += approximate.stream().filter(expected::contains).count() / 10.0;
        }
        assertThat(recall / 100).isGreaterThanOrEqualTo(0.95);
    }

    /** A user's first movie given a window: absent before it opens, first again while open, absent once closed. */
    @Test
    void aWindowOpensAndClosesOnTime() {
        TestClock clock = new TestClock(OPENS.minusMillis(1));
        long user = 5;
        long first = ids(service(plain, clock).recommend(user, 10, 0, true, null, null))
                .get(0);
        List<Movie> movies = new ArrayList<>(catalogue.catalog().movies());
        movies.replaceAll(
                movie -> movie.id() == first ? movie.withAvailability(new Availability(false, OPENS, CLOSES)) : movie);
        ServingModel windowed = plain.withCatalog(MovieCatalog.of(movies));
        for (ServingModel serving : List.of(windowed, windowed.withIndex(index))) {
            RecommendationService service = service(serving, clock);
            clock.set(OPENS.minusMillis(1));
            assertThat(ids(service.recommend(user, 10, 0, true, null, null))).doesNotContain(first);
            clock.set(OPENS);
            assertThat(ids(service.recommend(user, 10, 0, true, null, null)).get(0))
                    .isEqualTo(first);
            assertThat(service.movie(first).available()).isTrue();
            clock.set(CLOSES);
            assertThat(ids(service.recommend(user, 10, 0, true, null, null))).doesNotContain(first);
            assertThat(service.movie(first).available()).isFalse();
            assertThat(service.movie(first).availableFrom()).isEqualTo(OPENS);
            assertThat(service.movie(first).retired()).isFalse();
        }
    }
}
