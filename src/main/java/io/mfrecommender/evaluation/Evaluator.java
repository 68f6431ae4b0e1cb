package io.mfrecommender.evaluation;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.IdIndex;
import io.mfrecommender.data.RatingScale;
import io.mfrecommender.linalg.Cosine;
import io.mfrecommender.linalg.TopK;
import io.mfrecommender.model.BatchScorer;
import io.mfrecommender.model.FactorModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Computes {@link Evaluation}s of a model on held-out ratings; never changes the model. */
public final class Evaluator {

    /** Users scored per gemm in the ranking pass. */
    public static final int RANKING_BATCH = 256;

    private Evaluator() {}

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
        return new Evaluation(
                n,
                Math.sqrt(squared / n),
                absolute / n,
                Math.sqrt(squaredRaw / n),
                cold,
                cold == 0 ? Double.NaN : Math.sqrt(squaredCold / cold),
                warm == 0 ? Double.NaN : Math.sqrt((squared - squaredCold) / warm),
                null);
    }

    /**
     * Precision, recall, NDCG at {@code k} and catalog coverage of what the recommendations
     * endpoint serves for this version: the ranker's order, or predicted ratings without one.
     */
    public static RankingMetrics ranking(FactorModel model, Dataset train, Dataset test, int k) {
        try (BatchScorer scorer = BatchScorer.recommendations(model, RANKING_BATCH)) {
            return ranking(scorer::score, model.users(), model.items(), model.scale(), train, test, k);
        }
    }

    /** The same metrics for the order of predicted ratings ({@code sort=predicted-rating}), ranker or not. */
    public static RankingMetrics rankingByPredictedRating(FactorModel model, Dataset train, Dataset test, int k) {
        try (BatchScorer scorer = BatchScorer.ratings(model, RANKING_BATCH)) {
            return ranking(scorer::score, model.users(), model.items(), model.scale(), train, test, k);
        }
    }

    /** The same metrics for one list shown to every user (the cold-start list): items by {@code itemScores}. */
    public static RankingMetrics rankingOfList(
            float[] itemScores, FactorModel model, Dataset train, Dataset test, int k) {
        int items = itemScores.length;
        float[] buffer = new float[RANKING_BATCH * items];
        return ranking(
                (users, count) -> {
                    for (int r = 0; r < count; r++) {
                        System.arraycopy(itemScores, 0, buffer, r * items, items);
                    }
                    return buffer;
                },
                model.users(),
                model.items(),
                model.scale(),
                train,
                test,
                k);
    }

    /** Scores a batch of at most {@value #RANKING_BATCH} users against every item, row by row. */
    @FunctionalInterface
    public interface Scores {
        float[] score(int[] users, int count);
    }

    /**
     * The ranking protocol: a held-out rating is relevant when it is at least the scale's
     * equivalent of 4 stars out of 5; candidates are every item the user did not rate in
     * {@code train}; users without a relevant held-out rating are not counted.
     *
     * @param users  the index the scores' rows follow, mapping test and train ids
     * @param items  the index the scores' columns follow
     */
    public static RankingMetrics ranking(
            Scores scorer, IdIndex users, IdIndex items, RatingScale scale, Dataset train, Dataset test, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("ranking k must be positive, got " + k);
        }
        double threshold = scale.fromFiveStar(4.0);
        int itemCount = items.size();
        int[][] seen = itemsPerUser(users, items, train, Double.NEGATIVE_INFINITY);
        int[][] relevant = itemsPerUser(users, items, test, threshold);
        int[] candidates = new int[users.size()];
        int count = 0;
        for (int u = 0; u < users.size(); u++) {
            if (relevant[u].length > 0) {
                candidates[count++] = u;
            }
        }
        int[] batch = new int[RANKING_BATCH];
        int[] top = new int[k];
        float[] topScores = new float[k];
        boolean[] shown = new boolean[itemCount];
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
                        scores[r * itemCount + item] = Float.NEGATIVE_INFINITY;
                    }
                }
                int found = TopK.select(scores, r * itemCount, itemCount, top, topScores);
                int hits = 0;
                double dcg = 0;
                for (int rank = 0; rank < found; rank++) {
                    shown[top[rank]] = true;
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
        int covered = 0;
        for (boolean s : shown) {
            if (s) {
                covered++;
            }
        }
        double coverage = itemCount == 0 ? Double.NaN : covered / (double) itemCount;
        return count == 0
                ? new RankingMetrics(k, threshold, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                : new RankingMetrics(
                        k, threshold, count, precisionSum / count, recallSum / count, ndcgSum / count, coverage);
    }

    /** Movies with fewer held-out raters than this are left out of {@link #similarCoRating}. */
    static final int CO_RATING_MIN_RATERS = 5;

    /**
     * How well "similar movies" reflect what people watch together, for the rating model's item
     * factors and the ranker's: for each movie with at least {@value #CO_RATING_MIN_RATERS} raters in
     * {@code test}, its {@code k} most similar movies by cosine, and the share of its test raters who
     * also rated each of them, averaged. Held-out ratings, so neither model has seen the pairs.
     */
    public static Map<String, Object> similarCoRating(FactorModel model, Dataset test, int k) {
        int items = model.items().size();
        int[][] raters = ratersPerItem(model, test);
        Map<String, Object> result = new LinkedHashMap<>();
        int movies = 0;
        for (int[] r : raters) {
            if (r.length >= CO_RATING_MIN_RATERS) {
                movies++;
            }
        }
        result.put("movies", movies);
        result.put("ratingModel", coRating(model.itemRows(), items, model.factors(), raters, k));
        model.ranker()
                .ifPresent(ranker ->
                        result.put("ranker", coRating(ranker.itemRows(), items, ranker.factors(), raters, k)));
        return result;
    }

    private static double coRating(float[] itemRows, int items, int factors, int[][] raters, int k) {
        float[] unitT = Cosine.unitTransposed(itemRows, items, factors);
        float[] similarity = new float[items];
        int[] top = new int[Math.min(k, items - 1)];
        float[] topScores = new float[top.length];
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < items; i++) {
            if (raters[i].length < CO_RATING_MIN_RATERS) {
                continue;
            }
            Cosine.toAll(unitT, items, factors, i, similarity);
            similarity[i] = Float.NEGATIVE_INFINITY;
            int found = TopK.select(similarity, 0, items, top, topScores);
            double share = 0;
            for (int rank = 0; rank < found; rank++) {
                share += intersection(raters[i], raters[top[rank]]) / (double) raters[i].length;
            }
            sum += share / Math.max(1, found);
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    private static int intersection(int[] a, int[] b) {
        int count = 0;
        for (int x = 0, y = 0; x < a.length && y < b.length; ) {
            if (a[x] == b[y]) {
                count++;
                x++;
                y++;
            } else if (a[x] < b[y]) {
                x++;
            } else {
                y++;
            }
        }
        return count;
    }

    /** Sorted row numbers of {@code data}'s users who rated each model item (users outside the model count too). */
    private static int[][] ratersPerItem(FactorModel model, Dataset data) {
        int items = model.items().size();
        int[] counts = new int[items];
        int[] itemOf = new int[data.size()];
        for (int row = 0; row < data.size(); row++) {
            itemOf[row] = model.items().indexOrMinusOne(data.itemId(row));
            if (itemOf[row] >= 0) {
                counts[itemOf[row]]++;
            }
        }
        int[][] raters = new int[items][];
        for (int i = 0; i < items; i++) {
            raters[i] = new int[counts[i]];
        }
        int[] fill = new int[items];
        for (int row = 0; row < data.size(); row++) {
            if (itemOf[row] >= 0) {
                raters[itemOf[row]][fill[itemOf[row]]++] = data.userIndex(row);
            }
        }
        for (int[] list : raters) {
            Arrays.sort(list);
        }
        return raters;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** For each user of {@code users}, the sorted item indices of their ratings at or above {@code minRating}. */
    private static int[][] itemsPerUser(IdIndex users, IdIndex items, Dataset data, double minRating) {
        int userCount = users.size();
        int[] counts = new int[userCount];
        int[] userOf = new int[data.size()];
        int[] itemOf = new int[data.size()];
        for (int row = 0; row < data.size(); row++) {
            userOf[row] = users.indexOrMinusOne(data.userId(row));
            itemOf[row] = items.indexOrMinusOne(data.itemId(row));
            if (userOf[row] >= 0 && data.rating(row) >= minRating) {
                counts[userOf[row]]++;
            }
        }
        int[][] result = new int[userCount][];
        for (int u = 0; u < userCount; u++) {
            result[u] = new int[counts[u]];
        }
        int[] fill = new int[userCount];
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
