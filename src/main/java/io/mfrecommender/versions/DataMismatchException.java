package io.mfrecommender.versions;

import io.mfrecommender.api.ConflictException;
import io.mfrecommender.api.ProblemTypes;
import io.mfrecommender.text.ClientText;

/**
 * A version trained on other ratings than the loaded ones (409 {@code /problems/model-data-mismatch}):
 * serving it would show other titles, another popular list, and exclude the wrong users' ratings.
 */
public final class DataMismatchException extends ConflictException {

    public DataMismatchException(String version, String what) {
        super(
                ProblemTypes.MODEL_DATA_MISMATCH,
                "Model trained on other data",
                "model version " + ClientText.quote(version) + " is not served: " + what
                        + "; serve a version trained on the loaded data, or set "
                        + "recommender.models.serve-mismatched-data to serve it anyway");
    }
}
