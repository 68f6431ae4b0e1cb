package io.mfrecommender.training;

import io.mfrecommender.model.RankingFactors;
import java.util.List;

/**
 * What a ranker training produced.
 *
 * @param factors        the ranking factors, rows in the order of the compacted training data
 * @param epochs         one report per epoch run (the selection pass, then the refit)
 * @param bestEpoch      the epoch count picked by validation NDCG@10 (the last one without validation)
 * @param validationNdcg NDCG@10 of that epoch on the validation slice, NaN without one
 * @param unobservedWeight the α₀ chosen among the candidates
 * @param trainSeconds   wall time of the epochs alone, without validation passes
 */
public record RankerResult(
        RankingFactors factors,
        List<EpochReport> epochs,
        int bestEpoch,
        double validationNdcg,
        double unobservedWeight,
        double trainSeconds) {

    public RankerResult {
        epochs = List.copyOf(epochs);
    }
}
