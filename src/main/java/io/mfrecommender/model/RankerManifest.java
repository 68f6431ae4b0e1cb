package io.mfrecommender.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ranker's section of {@code manifest.json}: what ordered this version's recommendations.
 *
 * @param algorithm       {@code ials} (implicit ALS)
 * @param factors         k of the ranking factors (may differ from the rating model's)
 * @param hyperparameters every training parameter, by name, for people; code reads {@link #settings()}
 * @param evaluation      what was measured while it was trained
 */
public record RankerManifest(
        String algorithm, int factors, Map<String, Object> hyperparameters, RankerEvaluation evaluation) {

    public RankerManifest {
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(hyperparameters));
        evaluation = evaluation == null ? RankerEvaluation.NONE : evaluation;
    }

    /** The settings fold-in solves with, typed (see {@link RankerSettings}). */
    public RankerSettings settings() {
        return RankerSettings.of(hyperparameters);
    }
}
