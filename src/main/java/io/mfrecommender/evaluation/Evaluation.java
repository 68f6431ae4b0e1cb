package io.mfrecommender.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rating accuracy on a held-out set. Served predictions are clipped to the rating scale, so
 * {@code rmse} and {@code mae} score the clipped values; {@code rmseUnclipped} scores the raw
 * model output, which is what a PyTorch notebook reports.
 *
 * @param ratings       held-out ratings scored
 * @param rmse          root mean squared error of the clipped predictions
 * @param mae           mean absolute error of the clipped predictions
 * @param rmseUnclipped root mean squared error of the unclipped scores
 * @param coldRatings   held-out ratings whose user or item has no training rating (scored by the fallback)
 * @param coldRmse      RMSE on those, NaN when there are none
 * @param warmRmse      RMSE on the rest, NaN when there are none
 * @param ranking       ranking metrics, or null when not asked for
 */
public record Evaluation(
        long ratings,
        double rmse,
        double mae,
        double rmseUnclipped,
        long coldRatings,
        double coldRmse,
        double warmRmse,
        RankingMetrics ranking) {

    public Evaluation withRanking(RankingMetrics metrics) {
        return new Evaluation(ratings, rmse, mae, rmseUnclipped, coldRatings, coldRmse, warmRmse, metrics);
    }

    /** Metrics by name, NaN left out, for manifests and JSON output. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("testRatings", ratings);
        putFinite(map, "rmse", rmse);
        putFinite(map, "mae", mae);
        putFinite(map, "rmseUnclipped", rmseUnclipped);
        map.put("coldRatings", coldRatings);
        putFinite(map, "coldRmse", coldRmse);
        putFinite(map, "warmRmse", warmRmse);
        if (ranking != null) {
            map.putAll(ranking.asMap());
        }
        return map;
    }

    private static void putFinite(Map<String, Object> map, String name, double value) {
        if (Double.isFinite(value)) {
            map.put(name, value);
        }
    }
}
