package io.mfrecommender.ratings;

import java.util.List;

/** A page of a user's ratings, by movie id; {@code total} counts all of them. */
public record UserRatingsPage(long user, int total, int offset, int limit, List<RatingView> ratings) {}
