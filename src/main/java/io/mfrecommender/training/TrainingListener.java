package io.mfrecommender.training;

/** Receives each epoch's report as soon as the epoch ends. */
@FunctionalInterface
public interface TrainingListener {

    TrainingListener NONE = report -> {};

    void onEpoch(EpochReport report);
}
