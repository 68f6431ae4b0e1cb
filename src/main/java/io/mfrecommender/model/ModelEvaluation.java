package io.mfrecommender.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What was measured of a version before it was saved: the {@code evaluation} section of its
 * manifest, one schema whichever way the version was made (startup, a training job, the command
 * line). A figure that was not measured is absent (null).
 *
 * <p>Manifests written before this schema still load: the command line used to write {@code rmse},
 * {@code mae}, {@code ndcgAtK} and {@code testRatings} for the same held-out figures, and other
 * names it wrote are ignored.
 *
 * @param validationRmse  the rating model's RMSE on its validation slice at the best epoch, before the refit
 * @param validationMae   its MAE there
 * @param trainSeconds    wall time of the rating model's epochs
 * @param heldOutRmse     RMSE of the served (clipped) predictions on the held-out ratings
 * @param heldOutMae      MAE on them
 * @param heldOutNdcgAtK  NDCG@10 of the recommendations on them (relevant: a held-out rating of at
 *                        least 4 of 5, scaled; candidates: every movie the user did not rate in training)
 * @param heldOutRatings  how many ratings were held out
 * @param heldOutCoverage the share of the catalogue that appears in at least one of those users' top 10
 *                        (absent in versions saved before it was recorded)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelEvaluation(
        @Nullable Double validationRmse,
        @Nullable Double validationMae,
        @Nullable Double trainSeconds,
        @JsonAlias("rmse") @Nullable Double heldOutRmse,
        @JsonAlias("mae") @Nullable Double heldOutMae,
        @JsonAlias("ndcgAtK") @Nullable Double heldOutNdcgAtK,
        @JsonAlias("testRatings") @Nullable Long heldOutRatings,
        @JsonAlias("catalogCoverage") @Nullable Double heldOutCoverage) {

    /** Nothing measured. */
    public static final ModelEvaluation NONE = new ModelEvaluation(null, null, null, null, null, null, null, null);
}
