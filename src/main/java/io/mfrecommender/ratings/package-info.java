/**
 * Ratings posted to the service: the durable journal's in-memory state ({@link
 * io.mfrecommender.ratings.PostedRatingsStore}), fold-in of posting users into the served version,
 * and the {@code /users/{id}/ratings} and {@code DELETE /users/{id}} endpoints.
 */
package io.mfrecommender.ratings;
