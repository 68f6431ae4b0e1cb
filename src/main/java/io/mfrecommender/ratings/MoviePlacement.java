package io.mfrecommender.ratings;

import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ItemOverlay;
import io.mfrecommender.model.MeanItem;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.training.ItemFoldIn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Placement of new movies: a movie the served version was not trained on is placed from the posted
 * ratings of it by users the version serves ({@link ItemFoldIn}, one solver per version, cached: it
 * holds the ranker's user Gramian {@code WᵀW}); one with no such rating yet is placed from its
 * catalogue genres ({@link #byGenres}), or left out when it has none.
 */
public final class MoviePlacement {

    private final PerVersion<ItemFoldIn> solvers = new PerVersion<>(ItemFoldIn::forModel);

    /**
     * {@code serving} with each of {@code movies} that its version was not trained on placed from the
     * posted ratings of it by users the version serves ({@link ItemFoldIn}); one with no such rating
     * yet is placed from its catalogue genres, or left out when it has none. Finding a movie's
     * ratings reads every user with posted ratings: fine for the movies that arrive between two
     * trainings, not meant to replace training.
     */
    ServingModel place(
            ServingModel serving, Collection<Long> movies, Map<Long, PostedRatingsStore.UserChanges> changes) {
        ItemOverlay placed = serving.newItems();
        ItemFoldIn folding = null;
        // One pass over the users with posted ratings collects every asked movie's raters.
        Map<Long, List<ItemFoldIn.Rater>> ratersOf = new LinkedHashMap<>();
        for (long movie : movies) {
            if (serving.model().items().indexOrMinusOne(movie) < 0) {
                ratersOf.put(movie, new ArrayList<>());
            }
        }
        for (Map.Entry<Long, PostedRatingsStore.UserChanges> entry : changes.entrySet()) {
            ServedUser rater = null;
            for (Map.Entry<Long, PostedRatingsStore.Change> rating :
                    entry.getValue().movies().entrySet()) {
                List<ItemFoldIn.Rater> raters = ratersOf.get(rating.getKey());
                if (raters == null || rating.getValue().removed()) {
                    continue;
                }
                rater = rater != null ? rater : serving.user(entry.getKey());
                if (rater.known()) {
                    raters.add(new ItemFoldIn.Rater(
                            serving.userBias(rater),
                            serving.userVector(rater),
                            serving.userRankerVector(rater),
                            rating.getValue().rating()));
                }
            }
        }
        for (Map.Entry<Long, List<ItemFoldIn.Rater>> asked : ratersOf.entrySet()) {
            long movie = asked.getKey();
            List<ItemFoldIn.Rater> raters = asked.getValue();
            double sum = 0;
            for (ItemFoldIn.Rater rater : raters) {
                sum += rater.rating();
            }
            if (!raters.isEmpty()) {
                if (folding == null) {
                    folding = solvers.get(serving.model());
                }
                ItemFoldIn.Placed place = folding.place(raters);
                placed = placed.with(new ItemOverlay.PlacedItem(
                        movie,
                        place.bias(),
                        place.vector(),
                        place.rankerVector(),
                        ItemOverlay.Placement.RATINGS,
                        raters.size(),
                        (float) (sum / raters.size())));
            } else {
                ItemOverlay.PlacedItem byGenres = serving.catalog()
                        .find(movie)
                        .map(entry -> byGenres(serving, movie, entry.genres()))
                        .orElse(null);
                if (byGenres != null) {
                    placed = placed.with(byGenres);
                } else if (placed.position(movie) >= 0) {
                    // Its ratings were removed and its genres say nothing: keep its index, stop recommending it.
                    int k = serving.model().factors();
                    float[] none = serving.hasRanker() ? new float[serving.rankerFactors()] : null;
                    placed = placed.with(new ItemOverlay.PlacedItem(
                            movie, 0f, new float[k], none, ItemOverlay.Placement.BASELINE, 0, Float.NaN));
                }
            }
        }
        return placed == serving.newItems() ? serving : serving.withNewItems(placed);
    }

    /**
     * The mean bias and vectors of the trained movies of {@code genres} (each movie once): where a
     * movie with these genres and no ratings yet is placed. Null when none of the genres has a
     * trained movie.
     */
    public static ItemOverlay.PlacedItem byGenres(ServingModel serving, long movie, List<String> genres) {
        FactorModel model = serving.model();
        int base = model.items().size();
        boolean[] members = new boolean[base];
        for (String genre : genres) {
            boolean[] mask = serving.genreMask(genre);
            if (mask != null) {
                for (int i = 0; i < base; i++) {
                    members[i] |= mask[i];
                }
            }
        }
        MeanItem mean = MeanItem.of(model, members);
        if (mean == null) {
            return null;
        }
        return new ItemOverlay.PlacedItem(
                movie, mean.bias(), mean.vector(), mean.rankerVector(), ItemOverlay.Placement.GENRES, 0, Float.NaN);
    }
}
