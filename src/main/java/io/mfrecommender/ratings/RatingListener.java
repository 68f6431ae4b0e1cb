package io.mfrecommender.ratings;

import io.mfrecommender.data.RatingScale;

/**
 * Told of every rating stored through the API, after it is durable (experiments count hits from
 * them), and of every erased user, so that erasure reaches each store that names a user.
 */
@FunctionalInterface
public interface RatingListener {

    RatingListener NONE = (user, movie, rating, scale) -> {};

    /** @param scale the rating scale of the served version */
    void rated(long user, long movie, float rating, RatingScale scale);

    /** {@code user} was erased ({@code DELETE /users/{id}}): forget them wherever they are named. */
    default void erased(long user) {}
}
