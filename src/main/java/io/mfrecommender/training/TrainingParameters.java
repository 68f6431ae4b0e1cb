package io.mfrecommender.training;

import java.util.Map;

/**
 * The settings of one rating-model training run. Each algorithm has its own record
 * ({@link SgdParameters}, {@link AdamParameters}; the ranker has {@link AlsParameters}), whose
 * constructor rejects nonsense with a message naming the parameter before anything is allocated.
 *
 * <p>The command line, the service's configuration and the training-jobs API all start from
 * {@link #defaults} and change parameters by name through {@link #with}, so a parameter is
 * spelled, bounded and defaulted in exactly one place.
 */
public sealed interface TrainingParameters permits SgdParameters, AdamParameters {

    int MAX_FACTORS = 1024;
    int MAX_EPOCHS = 1000;
    int MAX_THREADS = 256;

    Algorithm algorithm();

    /** k, the length of each user and item vector. */
    int factors();

    int epochs();

    /** Share of the training ratings held back for early stopping and validation metrics (0: none). */
    double validationFraction();

    long seed();

    /** Worker threads; 1 for sequential algorithms. */
    default int threads() {
        return 1;
    }

    /** The same parameters with the named ones replaced; unknown names and bad values are refused. */
    TrainingParameters with(Map<String, ?> overrides);

    /** Fails before allocation when the model would not fit in the heap. */
    void checkFits(int users, int items);

    /** Every parameter by name, {@code algorithm} first, for manifests and job views. */
    default Map<String, Object> asMap() {
        return ParameterBinding.asMap(algorithm().id(), (Record) this);
    }

    /**
     * The defaults of each algorithm. SGD's were chosen by measurement on MovieLens 100K
     * ({@code docs/math.md}); Adam's are the seed notebook's recipe.
     */
    static TrainingParameters defaults(Algorithm algorithm) {
        return switch (algorithm) {
            case SGD -> SgdParameters.defaults();
            case ADAM -> AdamParameters.defaults();
        };
    }
}
