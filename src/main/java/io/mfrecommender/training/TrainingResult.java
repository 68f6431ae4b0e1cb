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
public record TrainingResult(FactorModel model, List<EpochReport> epochs, int bestEpoch, double trainSeconds,
                             long ratingUpdates) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** Training wall time per rating update, in nanoseconds. */
    public double nanosPerRatingUpdate() {
        return ratingUpdates == 0 ? Double.NaN : trainSeconds * 1e9 / ratingUpdates;
    }

    /**
     * The same at the median epoch's pace: the median epoch time times the number of epochs,
     * per rating update. Unlike {@link #nanosPerRatingUpdate} it is not moved by a few epochs in
     * which a core was taken away (on a shared 2-core machine one such stall costs ~4 ms, several
     * times a MovieLens 100K epoch).
     */
    public double nanosPerRatingUpdateAtMedianEpoch() {
        if (ratingUpdates == 0 || epochs.isEmpty()) {
            return Double.NaN;
        }
        double[] seconds = epochs.stream().mapToDouble(EpochReport::seconds).sorted().toArray();
        int n = seconds.length;
        double median = n % 2 == 1 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2;
        return median * n * 1e9 / ratingUpdates;
    }
}
