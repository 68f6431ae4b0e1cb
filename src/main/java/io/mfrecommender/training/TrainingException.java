package io.mfrecommender.training;

/** Training could not produce a usable model; the message says why and what to change. */
public class TrainingException extends RuntimeException {

    public TrainingException(String message) {
        super(message);
    }
}
