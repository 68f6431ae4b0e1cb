package io.mfrecommender.data;

/** A training set and a held-out test set over the same id indices. */
public record Split(Dataset train, Dataset test) {}
