package io.mfrecommender.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ranker's section of {@code manifest.json}: what ordered this version's recommendations.
 *
 * @param algorithm       {@code ials} (implicit ALS)
 * @param factors         k of the ranking factors (may differ from the rating model's)
 * @param hyperparameters every training parameter, by name
 * @param evaluation      validation and held-out metrics by name (validationNdcg, ndcgAtK, ...)
 */
public record RankerManifest(
        String algorithm, int factors, Map<String, Object> hyperparameters, Map<String, Object> evaluation) {

    public RankerManifest {
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(hyperparameters));
        evaluation = evaluation == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(evaluation));
    }
}
