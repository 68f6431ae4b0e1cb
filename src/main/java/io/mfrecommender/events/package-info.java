/**
 * Implicit events (views, plays, additions to a list, purchases, "not interested") posted per user:
 * validated, kept in the same durable log as posted ratings, and folded into the ranker at once by
 * the one rule of {@link io.mfrecommender.training.EventWeights}.
 */
package io.mfrecommender.events;
