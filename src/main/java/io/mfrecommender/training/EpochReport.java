package io.mfrecommender.training;

/**
 * Progress after one epoch.
 *
 * @param epoch          1-based epoch number
 * @param trainRmse      RMSE of the predictions made during the epoch, before each update
 * @param validationRmse RMSE on the validation slice, or NaN when there is none
 * @param validationMae  MAE on the validation slice, or NaN when there is none
 * @param learningRate   the learning rate used in this epoch
 * @param seconds        wall time of the epoch's updates, without the validation pass
 * @param refit          true for epochs of the final pass over all training ratings that follows
 *                       early stopping (they have no validation metrics)
 */
public record EpochReport(int epoch, double trainRmse, double validationRmse, double validationMae,
                          double learningRate, double seconds, boolean refit) {
}
