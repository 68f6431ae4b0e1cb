package io.mfrecommender.ratings;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One rating of a user, as {@code GET /users/{id}/ratings} lists it.
 *
 * @param source {@code data} (the loaded ratings) or {@code posted} (the rating journal)
 */
public record RatingView(long movie, @Nullable String title, float rating, Instant ratedAt, String source) {}
