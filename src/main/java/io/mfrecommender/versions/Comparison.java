package io.mfrecommender.versions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mfrecommender.evaluation.Evaluation;
import org.jspecify.annotations.Nullable;

/**
 * A candidate version and the served one, scored on the same held-out ratings: what a training
 * job shows as its {@code evaluation} and what the {@link ActivationPolicy} decides on. Without a
 * served version only the candidate's figures are set.
 *
 * @param candidate         the new version's figures
 * @param active            the served version's, or null when none was served
 * @param activeVersion     its name
 * @param comparedOn        how many ratings, and whether the served version may have trained on them
 * @param candidateIsBetter no worse on RMSE and on NDCG@10 (where both have one)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Comparison(
        Quality candidate,
        @Nullable Quality active,
        @Nullable String activeVersion,
        @Nullable String comparedOn,
        @Nullable Boolean candidateIsBetter) {

    /**
     * One version's figures on the held-out ratings.
     *
     * @param rmse    of the served (clipped) predictions
     * @param mae     of the same
     * @param ndcgAtK NDCG@10 of its recommendations; null when no held-out user had a relevant rating
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Quality(double rmse, double mae, @Nullable Double ndcgAtK) {

        static Quality of(Evaluation evaluation) {
            double ndcg = evaluation.ranking() == null
                    ? Double.NaN
                    : evaluation.ranking().ndcg();
            return new Quality(evaluation.rmse(), evaluation.mae(), Double.isFinite(ndcg) ? ndcg : null);
        }

        /** No worse on RMSE, and on NDCG@10 where both were measured. */
        boolean notWorseThan(Quality other) {
            return rmse <= other.rmse && (ndcgAtK == null || other.ndcgAtK == null || ndcgAtK >= other.ndcgAtK);
        }
    }

    static Comparison alone(Evaluation candidate) {
        return new Comparison(Quality.of(candidate), null, null, null, null);
    }
}
