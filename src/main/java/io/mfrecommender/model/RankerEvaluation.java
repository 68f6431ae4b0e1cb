package io.mfrecommender.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What was measured of the ranker while it was trained: the {@code evaluation} of its manifest
 * section. Held-out figures of the whole version are in {@link ModelEvaluation}.
 *
 * @param validationNdcg NDCG@10 on the ranker's validation slice at the chosen setting and epoch; null without one
 * @param bestEpoch      the epoch count chosen
 * @param trainSeconds   wall time of its epochs (the search and the refit)
 * @param search         every setting the search tried, in order; null without a search
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RankerEvaluation(
        @Nullable Double validationNdcg,
        @Nullable Integer bestEpoch,
        @Nullable Double trainSeconds,
        @Nullable List<Candidate> search) {

    public static final RankerEvaluation NONE = new RankerEvaluation(null, null, null, null);

    /**
     * One setting the search tried.
     *
     * @param unobservedWeight α₀
     * @param regularization   λ
     * @param epochs           epochs it ran (a probe's few, or a finalist's best)
     * @param validationNdcg   its best NDCG@10 on the validation slice
     * @param finalist         trained to convergence after the probes
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Candidate(
            double unobservedWeight,
            double regularization,
            int epochs,
            @Nullable Double validationNdcg,
            boolean finalist) {}
}
