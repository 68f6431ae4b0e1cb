package io.mfrecommender.evaluation;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.model.BatchScorer;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.linalg.TopK;
import java.util.Arrays;

/** Computes {@link Evaluation}s of a model on held-out ratings; never changes the model. */
public final class Evaluator {

    /** Users scored per gemm in the ranking pass. */
    static final int RANKING_BATCH = 256;

    private Evaluator() {
    }

    /** RMSE and MAE on {@code test}, matched to the model by external ids. */
    public static Evaluation accuracy(FactorModel model, Dataset test) {
        double squared = 0;
        double absolute = 0;
        double squaredRaw = 0;
        double squaredCold = 0;
        long cold = 0;
        for (int row = 0; row < test.size(); row++) {
            int user = model.users().indexOrMinusOne(test.userId(row));
            int item = model.items().indexOrMinusOne(test.itemId(row));
            double score = model.score(user, item);
            double error = model.scale().clip(score) - test.rating(row);
            double rawError = score - test.rating(row);
            squared += error * error;
            absolute += Math.abs(error);
            squaredRaw += rawError * rawError;
            if (user < 0 || item < 0) {
                cold++;
                squaredCold += error * error;
            }
        }
        long n = test.size();
        long warm = n - cold;
        return new Evaluation(n, Math.sqrt(squared / n), absolute / n, Math.sqrt(squaredRaw / n), cold,
                cold == 0 ? Double.NaN : Math.sqrt(squaredCold / cold),
                warm == 0 ? Double.NaN : Math.sqrt((squared - squaredCold) / warm), null);
    }

    /**
     * Precision, recall and NDCG at {@code k}. A held-out rating is relevant when it is at least
     * the scale's equivalent of 4 stars out of 5. Users are scored in batches by one ND4J gemm each.
     */
    public static RankingMetrics ranking(FactorModel model, Dataset train, Dataset test, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("ranking k must be positive, got " + k);
        }
        double threshold = model.scale().fromFiveStar(4.0);
        int users = model.users().size();
        int items = model.items().size();
        int[][] seen = itemsPerModelUser(model, train, users, Double.NEGATIVE_INFINITY);
        int[][] relevant = itemsPerModelUser(model, test, users, threshold);
        int[] candidates = new int[users];
        int count = 0;
        for (int u = 0; u < users; u++) {
            if (relevant[u].length > 0) {
                candidates[count++] = u;
            }
        }
        BatchScorer scorer = new BatchScorer(model, Math.min(RANKING_BATCH, Math.max(1, count)));
        int[] batch = new int[scorer.capacity()];
        int[] top = new int[k];
        float[] topScores = new float[k];
        double precisionSum = 0;
        double recallSum = 0;
        double ndcgSum = 0;
        for (int from = 0; from < count; from += batch.length) {
            int size = Math.min(batch.length, count - from);
            System.arraycopy(candidates, from, batch, 0, size);
            float[] scores = scorer.score(batch, size);
            for (int r = 0; r < size; r++) {
                int u = batch[r];
                for (int item : seen[u]) {
                    if (item >= 0) { // a training item the model has no row for cannot be scored anyway
                        scores[r * items + item] = Float.NEGATIVE_INFINITY;
                    }
                }
                int found = TopK.select(scores, r * items, items, top, topScores);
                int hits = 0;
                double dcg = 0;
                for (int rank = 0; rank < found; rank++) {
                    if (Arrays.binarySearch(relevant[u], top[rank]) >= 0) {
                        hits++;
                        dcg += 1 / log2(rank + 2);
                    }
                }
                double ideal = 0;
                for (int rank = 0; rank < Math.min(k, relevant[u].length); rank++) {
                    ideal += 1 / log2(rank + 2);
                }
                precisionSum += hits / (double) k;
                recallSum += hits / (double) relevant[u].length;
                ndcgSum += dcg / ideal;
            }
        }
        return count == 0
                ? new RankingMetrics(k, threshold, 0, Double.NaN, Double.NaN, Double.NaN)
                : new RankingMetrics(k, threshold, count, precisionSum / count, recallSum / count, ndcgSum / count);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** For each model user, the sorted model item indices of their ratings at or above {@code minRating}. */
    private static int[][] itemsPerModelUser(FactorModel model, Dataset data, int users, double minRating) {
        int[] counts = new int[users];
        int[] userOf = new int[data.size()];
        int[] itemOf = new int[data.size()];
        for (int row = 0; row < data.size(); row++) {
            userOf[row] = model.users().indexOrMinusOne(data.userId(row));
            itemOf[row] = model.items().indexOrMinusOne(data.itemId(row));
            if (userOf[row] >= 0 && data.rating(row) >= minRating) {
                counts[userOf[row]]++;
            }
        }
        int[][] result = new int[users][];
        for (int u = 0; u < users; u++) {
            result[u] = new int[counts[u]];
        }
        int[] fill = new int[users];
        for (int row = 0; row < data.size(); row++) {
            int u = userOf[row];
            if (u >= 0 && data.rating(row) >= minRating) {
                // Unknown items get -1: they count as relevant but can never be recommended.
                result[u][fill[u]++] = itemOf[row];
            }
        }
        for (int[] list : result) {
            Arrays.sort(list);
        }
        return result;
    }
}
