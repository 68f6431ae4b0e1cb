/**
 * The immutable model version (rating model and ranker, the ranker's settings typed), its files on
 * disk ({@code .npy} + manifest), the served snapshot derived from it and the per-version values it
 * composes (rated items, the similarity space, genre facets), building and opening a version's index,
 * and how versions are served ({@code recommender.serving.*}, below both the version lifecycle and
 * the read API that use it).
 */
package io.mfrecommender.model;
