package io.mfrecommender.ratings;

import io.mfrecommender.data.RatingScale;

/** Told of every rating stored through the API, after it is durable (experiments count hits from them). */
@FunctionalInterface
public interface RatingListener {

    RatingListener NONE = (user, movie, rating, scale) -> {};

    /** @param scale the rating scale of the served version */
    void rated(long user, long movie, float rating, RatingScale scale);
}
