package io.mfrecommender.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What was measured of the ranker while it was trained: the {@code evaluation} of its manifest
 * section. Held-out figures of the whole version are in {@link ModelEvaluation}.
 *
 * @param validationNdcg NDCG@10 on the ranker's validation slice at the chosen α₀ and epoch; null without one
 * @param bestEpoch      the epoch count chosen
 * @param trainSeconds   wall time of its epochs (the selection passes and the refit)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RankerEvaluation(Double validationNdcg, Integer bestEpoch, Double trainSeconds) {

    public static final RankerEvaluation NONE = new RankerEvaluation(null, null, null);
}
