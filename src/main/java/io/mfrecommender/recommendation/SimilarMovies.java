package io.mfrecommender.recommendation;

import io.mfrecommender.api.ModelVersioned;
import java.util.List;

/** The movies most similar to {@code movie}, most similar first. */
public record SimilarMovies(long movie, String modelVersion, List<SimilarMovie> items) implements ModelVersioned {}
