package io.mfrecommender.prediction;

import io.mfrecommender.api.ModelVersioned;
import java.util.List;

/**
 * Answers to {@code POST /predictions}, in request order, all from one model: the active version,
 * also while an experiment splits users between versions (a batch is scoring, not serving).
 */
public record Predictions(String modelVersion, List<Prediction> predictions) implements ModelVersioned {}
