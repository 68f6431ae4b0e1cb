package io.mfrecommender.training;

/** A training run stopped because its {@link Cancellation} said so. */
public class TrainingCancelledException extends RuntimeException {

    public TrainingCancelledException(int epoch) {
        super("training cancelled during epoch " + epoch);
    }
}
