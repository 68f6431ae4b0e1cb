package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.ScratchDirectory;
import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.Strategy;
import io.mfrecommender.data.CatalogReader;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.RatingsReader;
import io.mfrecommender.data.SharedData;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.ratings.DefaultVersionServed;
import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.ratings.RatingsService;
import io.mfrecommender.training.StrictJson;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Explanations and per-request rules on MovieLens 100K ({@code u1.base}, the service's default
 * recipe, trained once for the class): explanations add up to the score of the vector fold-in
 * solves and name movies of the genres a user rated; {@code include}, {@code exclude}, the year
 * bounds and {@code diversity} do what they say. Skips, saying so, where the data is absent.
 */
class SteeringOnMovieLensTests {

    private static Path dir;
    private static ServedVersion served;
    private static PostedRatingsStore store;
    private static RatingsService ratings;
    private static ExplanationService explanations;
    private static RecommendationService recommendations;
    /** The same, without the floor and the neighbour cap: lists in the ranker's own order. */
    private static RecommendationService rankerOrder;

    private static MovieCatalog catalog;

    @BeforeAll
    static void train() throws Exception {
        Path base = SharedData.require("ml-100k/u1.base");
        catalog = new CatalogReader(ParseMode.STRICT).read(SharedData.require("ml-100k/u.item"));
        LoadedData loaded = new LoadedData(
                "ml-100k u1.base",
                new RatingsReader(ParseMode.STRICT, null).read(base).dataset(),
                null,
                catalog);
        dir = ScratchDirectory.create("steering");
        DefaultVersionServed version = new DefaultVersionServed(loaded, dir);
        store = version.store;
        served = version.served;
        ratings = version.ratings;
        explanations = new ExplanationService(served, () -> store, ServingProperties.defaults());
        recommendations = new RecommendationService(served, ServingProperties.defaults(), new SimpleMeterRegistry());
        rankerOrder = new RecommendationService(
                served, ServingProperties.defaults().withPageRules(0, 0), new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    // --- Explanations -----------------------------------------------------------------------

    /**
     * For 200 trained users and the top 3 of each list, every contribution listed plus the rest add
     * up to the explanation's score, and that score is the one of the vector fold-in solves from
     * the same ratings (computed here by fold-in's own solver, not the explanation's).
     */
    /** #36: no title under the support floor among the first five similar to one with 100 ratings or more. */
    @Test
    void wellKnownTitlesAreNotLedByThinlySupportedOnes() {
        ServingModel serving = served.current();
        int checked = 0;
        for (int item = 0; item < serving.model().items().size(); item++) {
            if (serving.ratingCount(item) < 100) {
                continue;
            }
            SimilarMovies similar = recommendations.similar(serving.itemId(item), 5);
            assertThat(similar.minRatings())
                    .isEqualTo(ServingProperties.defaults().similarMinRatings());
            assertThat(similar.items()).hasSize(5);
            for (SimilarMovie movie : similar.items()) {
                assertThat(movie.ratings())
                        .as("%s, similar to %d", movie.title(), item)
                        .isGreaterThanOrEqualTo(20);
                assertThat(movie.ratings()).isEqualTo(serving.ratingCount(serving.itemIndex(movie.movieId())));
            }
            checked++;
        }
        assertThat(checked).as("titles with 100 ratings or more in u1.base").isGreaterThan(100);
    }

    @Test
    void contributionsAddUpToTheScoreOfTheResolvedVector() {
        ServingModel serving = served.current();
        FactorModel model = serving.model();
        double largestGap = 0;
        int explained = 0;
        for (int u = 0; u < 200; u++) {
            long user = model.users().idOf(u);
            PostedRatingsStore.TrainedRatings rated = store.trainedRatings(serving, user);
            float[] resolved =
                    store.foldIn(model).fold(rated.items(), rated.ratings()).rankerVector();
            for (Recommendation recommendation :
                    recommendations.recommend(user, 3, 0, true, null, null).items()) {
                Explanation explanation = explanations.explain(user, recommendation.movieId(), 100);
                double sum = explanation.contributions().stream()
                                .mapToDouble(Explanation.Contribution::contribution)
                                .sum()
                        + explanation.otherContributions();
                assertThat(sum).isCloseTo(explanation.rankerScore(), within(1e-4));
                float[] y = serving.rankerItemVector(serving.itemIndex(recommendation.movieId()));
                double score = 0;
                for (int f = 0; f < y.length; f++) {
                    score += (double) resolved[f] * y[f];
                }
                assertThat(explanation.rankerScore()).isCloseTo(score, within(1e-4));
                largestGap = Math.max(largestGap, Math.abs(explanation.rankerScore() - explanation.servedScore()));
                explained++;
            }
        }
        System.out.printf(
                "%d explanations add up; largest gap between the re-solved and the trained vector's score %.4f%n",
                explained, largestGap);
        assertThat(explained).isEqualTo(600);
    }

    /**
     * A new user gives five stars to the 15 most rated movies of Horror and of Children's (none of
     * both): the explanation of their best Horror recommendation names Horror movies as its five
     * largest contributors, and of their best Children's recommendation, Children's movies. A user
     * who rated Horror alone is explained by Horror movies, and as a folded-in user the score
     * explained is the one their list is ordered by.
     */
    @Test
    void aUserIsExplainedByTheGenreTheyRated() throws Exception {
        List<Long> horror = mostRated("Horror", "Children's", 15);
        List<Long> children = mostRated("Children's", "Horror", 15);
        long user = 900_000_001L;
        post(user, horror);
        post(user, children);
        for (String genre : List.of("Horror", "Children's")) {
            Recommendations best = recommendations.recommend(user, 1, 0, true, genre, null);
            assertThat(best.strategy()).isEqualTo(Strategy.FOLDED_IN);
            Explanation explanation =
                    explanations.explain(user, best.items().get(0).movieId(), 5);
            assertThat(explanation.contributions())
                    .as("the five largest contributors to "
                            + best.items().get(0).title())
                    .hasSize(5)
                    .allSatisfy(c -> assertThat(c.genres()).contains(genre));
            assertThat(explanation.rankerScore()).isCloseTo(explanation.servedScore(), within(1e-4));
        }

        long horrorFan = 900_000_002L;
        post(horrorFan, horror.subList(0, 10));
        Recommendations list = recommendations.recommend(horrorFan, 5, 0, true, null, null);
        for (Recommendation recommendation : list.items()) {
            Explanation explanation = explanations.explain(horrorFan, recommendation.movieId(), 3);
            assertThat(explanation.contributions())
                    .allSatisfy(c -> assertThat(c.genres()).contains("Horror"));
            assertThat(explanation.rankerScore()).isCloseTo(explanation.servedScore(), within(1e-4));
        }
    }

    private static void post(long user, List<Long> movies) throws Exception {
        String batch = movies.stream()
                .map(movie -> "{\"movie\":" + movie + ",\"rating\":5}")
                .collect(Collectors.joining(",", "[", "]"));
        ratings.post(user, StrictJson.MAPPER.readTree(batch));
    }

    /** The {@code count} movies of {@code genre} without {@code not} with the most ratings. */
    private static List<Long> mostRated(String genre, String not, int count) {
        ServingModel serving = served.current();
        List<Long> movies = new ArrayList<>();
        for (int item = 0; item < serving.model().items().size(); item++) {
            long id = serving.itemId(item);
            List<String> genres = catalog.find(id).map(Movie::genres).orElse(List.of());
            if (genres.contains(genre) && !genres.contains(not)) {
                movies.add(id);
            }
        }
        movies.sort(Comparator.comparingInt((Long id) -> -serving.ratingCount(serving.itemIndex(id))));
        return List.copyOf(movies.subList(0, count));
    }

    // --- Rules ------------------------------------------------------------------------------

    /** 50 random movies the user did not rate: the list holds only those, by the ranker's score. */
    @Test
    void includeRanksOnlyTheListedMoviesAsTheRankerWould() {
        ServingModel serving = served.current();
        Random random = new Random(7);
        for (int u = 0; u < 20; u++) {
            long user = serving.model().users().idOf(u * 40);
            ServedUser servedUser = serving.user(user);
            Set<Long> chosen = new HashSet<>();
            while (chosen.size() < 50) {
                int item = random.nextInt(serving.itemCount());
                if (!serving.rated(servedUser, item)) {
                    chosen.add(serving.itemId(item));
                }
            }
            List<Long> include = new ArrayList<>(chosen);
            List<Long> got = ids(rankerOrder.recommend(user, ListQuery.top(50).withInclude(include)));
            float[] query = serving.rankerQuery(servedUser);
            assertThat(got).containsExactlyInAnyOrderElementsOf(include);
            for (int rank = 1; rank < got.size(); rank++) {
                double above = dot(query, serving.rankerItemVector(serving.itemIndex(got.get(rank - 1))));
                double here = dot(query, serving.rankerItemVector(serving.itemIndex(got.get(rank))));
                assertThat(above).as("rank " + rank).isGreaterThanOrEqualTo(here - 1e-6);
            }
            // With the default rules the list is still made of those movies only.
            assertThat(ids(recommendations.recommend(user, ListQuery.top(50).withInclude(include))))
                    .isSubsetOf(include);
        }
    }

    /**
     * In the ranker's order the list loses exactly the excluded movies and closes up; with the
     * default rules (whose neighbour cap looks at what else is on the page) none of them appears.
     */
    @Test
    void excludeRemovesExactlyThoseMovies() {
        long user = served.current().model().users().idOf(3);
        List<Long> before = ids(rankerOrder.recommend(user, ListQuery.top(30)));
        List<Long> excluded = List.of(before.get(0), before.get(4), before.get(9), before.get(17), 999_999L);
        List<Long> after = ids(rankerOrder.recommend(user, ListQuery.top(30).withExclude(excluded)));
        assertThat(after).hasSize(30).doesNotContainAnyElementsOf(excluded);
        List<Long> kept = new ArrayList<>(before);
        kept.removeAll(excluded);
        assertThat(after.subList(0, kept.size())).containsExactlyElementsOf(kept);
        assertThat(ids(recommendations.recommend(user, ListQuery.top(30).withExclude(excluded))))
                .hasSize(30)
                .doesNotContainAnyElementsOf(excluded);
    }

    @Test
    void yearBoundsKeepMoviesOfThoseYearsAndAnEmptyRangeGivesAnEmptyPage() {
        long user = served.current().model().users().idOf(5);
        Recommendations nineties =
                recommendations.recommend(user, ListQuery.top(20).withYears(1990, 1994));
        assertThat(nineties.items())
                .hasSize(20)
                .allSatisfy(r -> assertThat(r.year()).isBetween(1990, 1994));
        assertThat(recommendations
                        .recommend(user, ListQuery.top(20).withYears(2100, null))
                        .items())
                .isEmpty();
        assertThat(recommendations
                        .recommend(990_000_000L, ListQuery.top(5).withYears(null, 1950))
                        .items())
                .hasSize(5)
                .allSatisfy(r -> assertThat(r.year()).isLessThanOrEqualTo(1950));
        assertThatThrownBy(
                        () -> recommendations.recommend(user, ListQuery.top(5).withYears(2000, 1990)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("minYear");
    }

    /**
     * {@code diversity=0} is the ranker's list as it was (checked against a top-10 made here from
     * the ranker's scores), and {@code diversity=0.5} lowers the mean pairwise cosine of the top 10
     * over 500 users.
     */
    @Test
    void diversityZeroIsTheRankersListAndAHalfSpreadsIt() {
        ServingModel serving = served.current();
        double plain = 0;
        double diverse = 0;
        for (int u = 0; u < 500; u++) {
            long user = serving.model().users().idOf(u);
            List<Long> zero = ids(rankerOrder.recommend(user, ListQuery.top(10).withDiversity(0)));
            assertThat(zero).containsExactlyElementsOf(topTen(serving, user));
            plain += meanPairwiseCosine(serving, ids(recommendations.recommend(user, ListQuery.top(10))));
            diverse += meanPairwiseCosine(
                    serving,
                    ids(recommendations.recommend(user, ListQuery.top(10).withDiversity(0.5))));
        }
        System.out.printf(
                "mean pairwise cosine of the top 10 over 500 users: %.4f, with diversity 0.5: %.4f%n",
                plain / 500, diverse / 500);
        assertThat(diverse / 500).isLessThan(plain / 500 - 0.02);
        assertThatThrownBy(() -> recommendations.recommend(1, ListQuery.top(5).withDiversity(1.5)))
                .isInstanceOf(InvalidParameterException.class);
    }

    private static List<Long> topTen(ServingModel serving, long user) {
        ServedUser servedUser = serving.user(user);
        float[] scores = new float[serving.itemCount()];
        serving.rankAllItems(servedUser, scores);
        List<Integer> items = new ArrayList<>();
        for (int item = 0; item < scores.length; item++) {
            if (!serving.rated(servedUser, item)) {
                items.add(item);
            }
        }
        return items.stream()
                .sorted(Comparator.comparingDouble((Integer item) -> -scores[item]))
                .limit(10)
                .map(serving::itemId)
                .toList();
    }

    private static double meanPairwiseCosine(ServingModel serving, List<Long> movies) {
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < movies.size(); a++) {
            for (int b = a + 1; b < movies.size(); b++) {
                sum += serving.cosine(serving.itemIndex(movies.get(a)), serving.itemIndex(movies.get(b)));
                pairs++;
            }
        }
        return sum / pairs;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int f = 0; f < a.length; f++) {
            sum += (double) a[f] * b[f];
        }
        return sum;
    }

    private static List<Long> ids(Recommendations list) {
        return list.items().stream().map(Recommendation::movieId).toList();
    }
}
