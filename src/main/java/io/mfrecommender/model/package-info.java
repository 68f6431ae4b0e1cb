/** The immutable model version (rating model and ranker), its files on disk ({@code .npy} + manifest) and what serving derives from it. */
package io.mfrecommender.model;
