/** The immutable model version (rating model and ranker), its files on disk ({@code .npy} + manifest), what serving derives from it, and the active version. */
package io.mfrecommender.model;
