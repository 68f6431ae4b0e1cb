package io.mfrecommender.training;

import io.mfrecommender.model.FactorModel;
import java.util.List;

/**
 * What a training run produced.
 *
 * @param model         the trained model (not yet saved: its version is {@code unsaved})
 * @param epochs        one report per epoch run
 * @param bestEpoch     the epoch whose parameters the model holds (early stopping keeps the best)
 * @param trainSeconds  wall time of the updates alone, without validation passes
 * @param ratingUpdates ratings processed by the updates, summed over epochs
 */
public record TrainingResult(
        FactorModel model, List<EpochReport> epochs, int bestEpoch, double trainSeconds, long ratingUpdates) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** Training wall time per rating update, in nanoseconds. */
    public double nanosPerRatingUpdate() {
        return ratingUpdates == 0 ? Double.NaN : trainSeconds * 1e9 / ratingUpdates;
    }
}
