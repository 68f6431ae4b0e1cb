package io.mfrecommender.training;

import io.mfrecommender.data.Dataset;

/**
 * Learns a new model from ratings. A trainer never modifies a model it did not create: it
 * returns a new one (Tribuo's Trainer → Model contract).
 */
public interface Trainer {

    /**
     * @param ratings      the training ratings; users and items without a rating here get no row
     * @param parameters   the run's settings, already validated
     * @param listener     told about every finished epoch
     * @param cancellation polled at least once per epoch
     * @throws TrainingCancelledException when cancelled
     * @throws TrainingException when training diverges
     * @throws IllegalArgumentException when the parameters do not fit the data or the heap
     */
    TrainingResult train(
            Dataset ratings, TrainingParameters parameters, TrainingListener listener, Cancellation cancellation);

    static Trainer forAlgorithm(Algorithm algorithm) {
        return switch (algorithm) {
            case SGD -> new SgdTrainer();
            case ADAM -> new AdamTrainer();
        };
    }
}
