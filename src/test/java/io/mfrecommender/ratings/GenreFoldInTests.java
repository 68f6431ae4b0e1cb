package io.mfrecommender.ratings;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.api.Strategy;
import io.mfrecommender.data.CatalogReader;
import io.mfrecommender.data.DataProperties;
import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.RatingsReader;
import io.mfrecommender.data.SharedData;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.recommendation.Recommendation;
import io.mfrecommender.recommendation.RecommendationService;
import io.mfrecommender.recommendation.Recommendations;
import io.mfrecommender.training.StrictJson;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user gives top ratings to the five most popular movies of one genre; at once (folded into
 * the served version, no retraining) their top 20 holds more of that genre than the popular list
 * they had before, without the five in either. Measured over several genres per dataset, with
 * the service's default recipe: no genre moves away, and on average the genre's share grows
 * severalfold.
 */
class GenreFoldInTests {

    @TempDir
    Path dir;

    @Test
    void onTheEmbeddedData() {
        DataProperties embedded = new DataProperties(
                DataProperties.Source.EMBEDDED, null, null, dir, ParseMode.LENIENT, null, null, null, null);
        measure(
                new DataSourceLoader(embedded).load(),
                10,
                List.of("Horror", "Animation", "Romance", "Comedy", "Sci-Fi", "Musical", "Documentary", "Western"));
    }

    @Test
    void onMovieLens100k() {
        LoadedData loaded = new LoadedData(
                "ml-100k",
                new RatingsReader(ParseMode.STRICT, null)
                        .read(SharedData.require("ml-100k/u.data"))
                        .dataset(),
                null,
                new CatalogReader(ParseMode.STRICT).read(SharedData.require("ml-100k/u.item")));
        measure(
                loaded,
                5,
                List.of("Horror", "Children's", "Romance", "Sci-Fi", "Musical", "Film-Noir", "Documentary", "Western"));
    }

    private void measure(LoadedData loaded, float top, List<String> genres) {
        DefaultVersionServed version = new DefaultVersionServed(loaded, dir);
        ServedVersion registry = version.served;
        RatingsService ratings = version.ratings;
        RecommendationService recommendations =
                new RecommendationService(registry, ServingProperties.defaults(), new SimpleMeterRegistry());

        double sumBefore = 0;
        double sumAfter = 0;
        long user = 900_000_000L;
        for (String genre : genres) {
            user++;
            Recommendations favourites = recommendations.recommend(user, 5, 0, true, genre, null);
            Set<Long> five =
                    favourites.items().stream().map(Recommendation::movieId).collect(Collectors.toSet());
            Recommendations popular = recommendations.recommend(user, 25, 0, true, null, null);
            assertThat(popular.strategy()).isEqualTo(Strategy.POPULAR);
            List<Recommendation> before = popular.items().stream()
                    .filter(r -> !five.contains(r.movieId()))
                    .limit(20)
                    .toList();

            String batch = five.stream()
                    .map(movie -> "{\"movie\":" + movie + ",\"rating\":" + top + "}")
                    .collect(Collectors.joining(",", "[", "]"));
            assertThat(ratings.post(user, StrictJson.MAPPER.readTree(batch)).strategy())
                    .isEqualTo(Strategy.FOLDED_IN);
            Recommendations after = recommendations.recommend(user, 20, 0, true, null, null);
            assertThat(after.strategy()).isEqualTo(Strategy.FOLDED_IN);
            assertThat(after.items()).extracting(Recommendation::movieId).doesNotContainAnyElementsOf(five);

            double shareBefore = share(before, genre);
            double shareAfter = share(after.items(), genre);
            System.out.printf(
                    "%s, %s in the top 20: %.2f in the popular list, %.2f after five top ratings%n",
                    loaded.description(), genre, shareBefore, shareAfter);
            assertThat(shareAfter).as(genre + ": never away from the genre").isGreaterThanOrEqualTo(shareBefore);
            sumBefore += shareBefore;
            sumAfter += shareAfter;
        }
        double meanBefore = sumBefore / genres.size();
        double meanAfter = sumAfter / genres.size();
        System.out.printf("%s: mean share %.3f before, %.3f after%n", loaded.description(), meanBefore, meanAfter);
        assertThat(meanAfter)
                .as("mean share of the genre after five top ratings")
                .isGreaterThanOrEqualTo(Math.max(0.05, 3 * meanBefore));
    }

    private static double share(List<Recommendation> list, String genre) {
        return list.stream().filter(r -> r.genres().contains(genre)).count() / (double) list.size();
    }
}
