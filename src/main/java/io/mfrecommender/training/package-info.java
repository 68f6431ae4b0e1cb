/** Trainers that turn ratings into a {@link io.mfrecommender.model.FactorModel}: biased SGD (default) and the seed notebook's SparseAdam recipe. */
package io.mfrecommender.training;
