/** The immutable factor-model snapshot, its files on disk ({@code .npy} + manifest) and the active model. */
package io.mfrecommender.model;
