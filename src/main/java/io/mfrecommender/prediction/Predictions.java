package io.mfrecommender.prediction;

import io.mfrecommender.api.ModelVersioned;
import java.util.List;

/** Answers to {@code POST /predictions}, in request order, all from one model. */
public record Predictions(String modelVersion, List<Prediction> predictions) implements ModelVersioned {}
