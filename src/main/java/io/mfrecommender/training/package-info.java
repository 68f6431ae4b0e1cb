/**
 * Trainers that turn ratings into a {@link io.mfrecommender.model.FactorModel}: the rating model by
 * parallel SGD with implicit feedback (default) or the seed notebook's SparseAdam recipe, the ranker
 * by implicit ALS, and the fold-in solvers that place a user or a new movie against fixed factors.
 */
package io.mfrecommender.training;
