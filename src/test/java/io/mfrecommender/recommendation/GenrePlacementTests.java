package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.data.ClusteredRatings;
import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ItemOverlay;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.ratings.MoviePlacement;
import io.mfrecommender.training.AlsParameters;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.SgdParameters;
import io.mfrecommender.training.VersionTrainer;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A movie with genres and no ratings, placed at the mean of its genres' movies, reaches the lists of
 * the users who like that genre more often than the lists of those who do not. Seeded taste groups
 * (ClusteredRatings: each user takes most of their movies from their own group and rates those
 * higher); each group is a genre of the catalogue.
 */
class GenrePlacementTests {

    private static final int GROUPS = 20;
    private static final long NEW = 1_000_000;

    @Test
    void aGenrePlacedMovieReachesThoseWhoLikeTheGenre() {
        Dataset ratings = ClusteredRatings.small(4).generate();
        List<Movie> movies = new ArrayList<>();
        for (long id = 1; id <= 1_700; id++) {
            movies.add(new Movie(id, "Movie " + id, 2000, List.of(genre((int) ((id - 1) % GROUPS)))));
        }
        MovieCatalog catalog = MovieCatalog.of(movies);
        FactorModel model = new VersionTrainer()
                .train(
                        ratings,
                        new ModelRecipe(
                                SgdParameters.defaults().with(Map.of("factors", 16, "epochs", 10, "seed", 4)),
                                AlsParameters.defaults().with(Map.of("factors", 16, "epochs", 6, "seed", 4))),
                        report -> {},
                        Cancellation.NONE)
                .model();
        ServingModel trained = new ServingModel(model, ratings, catalog, Popularity.COUNT, 10);
        int[] groupOf = favouriteGroups(ratings);
        double likedShare = 0;
        double otherShare = 0;
        int groupsMeasured = 0;
        for (int group : new int[] {3, 8, 15}) {
            ItemOverlay.PlacedItem placed = MoviePlacement.byGenres(trained, NEW, List.of(genre(group)));
            assertThat(placed.placement()).isEqualTo(ItemOverlay.Placement.GENRES);
            ServedVersion served = new ServedVersion();
            served.activate(trained.withNewItems(trained.newItems().with(placed)));
            RecommendationService service = service(served);
            int liked = 0;
            int likers = 0;
            int others = 0;
            int otherUsers = 0;
            for (int u = 0; u < groupOf.length; u++) {
                boolean contains = service.recommend(u + 1, 20, 0, true, null, null).items().stream()
                        .anyMatch(r -> r.movieId() == NEW && "genres".equals(r.placedFrom()));
                if (groupOf[u] == group) {
                    likers++;
                    liked += contains ? 1 : 0;
                } else {
                    otherUsers++;
                    others += contains ? 1 : 0;
                }
            }
            double likedRate = liked / (double) likers;
            double otherRate = others / (double) otherUsers;
            System.out.printf(
                    "a new %s movie placed from its genre is in the top 20 of %.3f of the %d users who like the "
                            + "genre, of %.3f of the %d others%n",
                    genre(group), likedRate, likers, otherRate, otherUsers);
            assertThat(likedRate).as(genre(group)).isGreaterThan(otherRate);
            likedShare += likedRate;
            otherShare += otherRate;
            groupsMeasured++;
        }
        assertThat(likedShare / groupsMeasured).isGreaterThanOrEqualTo(2 * otherShare / groupsMeasured);
    }

    private static String genre(int group) {
        return "Group " + group;
    }

    /** Each user's group: where most of their ratings are. */
    private static int[] favouriteGroups(Dataset ratings) {
        int users = (int) ratings.users().size();
        int[][] counts = new int[users][GROUPS];
        for (int row = 0; row < ratings.size(); row++) {
            int user = (int) ratings.userId(row) - 1;
            counts[user][(int) ((ratings.itemId(row) - 1) % GROUPS)]++;
        }
        int[] favourite = new int[users];
        for (int u = 0; u < users; u++) {
            for (int g = 1; g < GROUPS; g++) {
                if (counts[u][g] > counts[u][favourite[u]]) {
                    favourite[u] = g;
                }
            }
        }
        return favourite;
    }

    private static RecommendationService service(ServedVersion served) {
        return new RecommendationService(
                served, ServingProperties.defaults().withPopularity(Popularity.COUNT), new SimpleMeterRegistry());
    }
}
