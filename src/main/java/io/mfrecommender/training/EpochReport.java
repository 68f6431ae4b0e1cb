package io.mfrecommender.training;

import java.util.Locale;

/**
 * Progress after one epoch of either model of a version.
 *
 * @param model          {@value #RATING} or {@value #RANKER}
 * @param epoch          1-based epoch number
 * @param trainLoss      rating model: RMSE of the predictions made during the epoch, before each
 *                       update; ranker: its objective (see {@link AlsTrainer}) per training interaction
 * @param validationRmse rating model: RMSE on the validation slice; NaN without one, and for the ranker
 * @param validationMae  rating model: MAE on the validation slice; NaN without one, and for the ranker
 * @param validationNdcg ranker: NDCG@10 on the validation slice; NaN without one, and for the rating model
 * @param learningRate   the learning rate used in this epoch (NaN for ALS, which has none)
 * @param seconds        wall time of the epoch's updates, without the validation pass
 * @param refit          true for epochs of the final pass over all training data that follows
 *                       model selection (they have no validation metrics)
 */
public record EpochReport(
        String model,
        int epoch,
        double trainLoss,
        double validationRmse,
        double validationMae,
        double validationNdcg,
        double learningRate,
        double seconds,
        boolean refit) {

    public static final String RATING = "rating";
    public static final String RANKER = "ranker";

    /** One log line's worth: {@code rating epoch 12: train 0.8123, validation RMSE 0.9012, 0.05 s}. */
    public String summary() {
        StringBuilder line = new StringBuilder(model)
                .append(refit ? " refit epoch " : " epoch ")
                .append(epoch)
                .append(": train ")
                .append(String.format(Locale.ROOT, "%.4f", trainLoss));
        if (Double.isFinite(validationRmse)) {
            line.append(String.format(Locale.ROOT, ", validation RMSE %.4f", validationRmse));
        }
        if (Double.isFinite(validationNdcg)) {
            line.append(String.format(Locale.ROOT, ", validation NDCG@10 %.4f", validationNdcg));
        }
        return line.append(String.format(Locale.ROOT, ", %.2f s", seconds)).toString();
    }

    static EpochReport rating(
            int epoch,
            double trainRmse,
            double validationRmse,
            double validationMae,
            double learningRate,
            double seconds,
            boolean refit) {
        return new EpochReport(
                RATING, epoch, trainRmse, validationRmse, validationMae, Double.NaN, learningRate, seconds, refit);
    }

    static EpochReport ranker(int epoch, double loss, double validationNdcg, double seconds, boolean refit) {
        return new EpochReport(RANKER, epoch, loss, Double.NaN, Double.NaN, validationNdcg, Double.NaN, seconds, refit);
    }
}
