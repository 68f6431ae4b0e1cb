/**
 * The immutable model version (rating model and ranker), its files on disk ({@code .npy} + manifest),
 * the served snapshot derived from it, and how versions are served ({@code recommender.serving.*},
 * below both the version lifecycle and the read API that use it).
 */
package io.mfrecommender.model;
