/** Top-N recommendations, popular-movie fallback, movie details and similar movies, with their HTTP endpoints. */
package io.mfrecommender.recommendation;
