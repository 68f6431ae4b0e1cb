package io.mfrecommender.ratings;

import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.UserOverlay;
import io.mfrecommender.training.FoldIn;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Fold-in of users: a user's vectors in both models re-solved from their ratings, loaded and
 * posted, against the fixed item side of the served version ({@link FoldIn}, one solver per version,
 * cached: it holds the ranker's Gramian {@code HᵀH}). A movie placed after training counts for the
 * movie's vectors, not the user's; it is left out of their list like the others.
 */
final class UserFoldIn {

    private final PerVersion<FoldIn> solvers = new PerVersion<>(FoldIn::forModel);
    private final Timer timer;

    /** @param timer records each fold ({@code recommender.ratings.fold-in}) */
    UserFoldIn(Timer timer) {
        this.timer = timer;
    }

    /** The solver of {@code model}'s version. */
    FoldIn solver(FactorModel model) {
        return solvers.get(model);
    }

    /** {@code user} re-solved from {@code ratings} against {@code serving}'s fixed item side. */
    UserOverlay.FoldedUser fold(ServingModel serving, long user, PostedRatingsStore.Ratings ratings) {
        long started = System.nanoTime();
        PostedRatingsStore.TrainedRatings trained = trainedRatings(serving, ratings);
        if (trained.items().length == 0) {
            return UserOverlay.FoldedUser.unknown(user, ratings.sequence());
        }
        FoldIn.Folded folded = solver(serving.model()).fold(trained.items(), trained.ratings());
        // A movie placed after training counts for the movie's vectors, not the user's; it is left
        // out of their list like the others.
        int[] rated = Arrays.copyOf(trained.items(), ratings.ratings().size());
        int r = trained.items().length;
        for (PostedRatingsStore.UserRating rating : ratings.ratings()) {
            int served = serving.itemIndex(rating.movie());
            if (served >= serving.model().items().size()) {
                rated[r++] = served;
            }
        }
        rated = Arrays.copyOf(rated, r);
        Arrays.sort(rated);
        UserOverlay.FoldedUser entry = new UserOverlay.FoldedUser(
                user, folded.bias(), folded.vector(), folded.rankerVector(), rated, ratings.sequence());
        timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return entry;
    }

    /**
     * The user's ratings of the movies {@code serving}'s version was trained on: what fold-in solves
     * the user's vectors from.
     */
    static PostedRatingsStore.TrainedRatings trainedRatings(ServingModel serving, PostedRatingsStore.Ratings ratings) {
        FactorModel model = serving.model();
        int[] items = new int[ratings.ratings().size()];
        float[] values = new float[items.length];
        int n = 0;
        for (PostedRatingsStore.UserRating rating : ratings.ratings()) {
            int item = model.items().indexOrMinusOne(rating.movie());
            if (item >= 0) {
                items[n] = item;
                values[n++] = rating.rating();
            }
        }
        return new PostedRatingsStore.TrainedRatings(Arrays.copyOf(items, n), Arrays.copyOf(values, n));
    }
}
