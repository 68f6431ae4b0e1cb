/**
 * Top-N recommendations with per-request rules, the popular-movie fallback, movie details, similar
 * movies and explanations, with their HTTP endpoints and wiring.
 */
package io.mfrecommender.recommendation;
