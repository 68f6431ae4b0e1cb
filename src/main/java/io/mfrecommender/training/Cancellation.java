package io.mfrecommender.training;

/** Polled by trainers between units of work; a cancelled run stops within one epoch. */
@FunctionalInterface
public interface Cancellation {

    Cancellation NONE = () -> false;

    boolean isCancelled();
}
