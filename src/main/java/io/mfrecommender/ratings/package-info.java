/**
 * Ratings posted to the service: the durable journal (its line format, the file, the PostgreSQL log
 * beside it, and what they say folded, behind {@link io.mfrecommender.ratings.PostedRatingsStore}),
 * fold-in of posting users and placement of new movies in the served version, and the
 * {@code /users/{id}/ratings} and {@code DELETE /users/{id}} endpoints.
 */
package io.mfrecommender.ratings;
