package io.mfrecommender.evaluation;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.IdIndex;
import io.mfrecommender.data.RatingScale;
import io.mfrecommender.linalg.Cosine;
import io.mfrecommender.linalg.TopK;
import io.mfrecommender.model.BatchScorer;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.model.SimilaritySpace;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

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
        double threshold = scale.liked();
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

    /** Movies with fewer held-out raters than this are left out of {@link #similarity}. */
    static final int CO_RATING_MIN_RATERS = 5;

    /**
     * How well "similar movies" reflect what people watch together, on held-out ratings neither
     * model has seen, for movies with at least {@value #CO_RATING_MIN_RATERS} held-out raters.
     *
     * @param movies   movies measured
     * @param coRating the share of a movie's held-out raters who also rated each of its similar
     *                 movies, averaged; a list of the most popular movies scores well on it
     * @param lift     that share divided by what the similar movies' popularity alone predicts (the
     *                 share of all held-out users who rated them): 1 for a list that knows nothing of
     *                 the movie, which is what a constant most-popular list comes close to
     * @param matched  the popularity-matched win rate: how often a listed movie shares more of the
     *                 movie's held-out raters than a control drawn from the {@value #MATCH_NEIGHBOURS}
     *                 movies nearest it in held-out popularity (ties count a half). 0.5 for a list
     *                 that knows no more than popularity, whatever it lists, so neither a constant
     *                 nor a most-popular list can do better than chance on it
     */
    public record SimilarityMetrics(int movies, double coRating, double lift, double matched) {}

    /** How many movies on either side in held-out popularity a matched control is drawn from. */
    static final int MATCH_NEIGHBOURS = 5;

    /** Fills {@code top} with the most similar movies to {@code item} (never itself), best first; returns how many. */
    @FunctionalInterface
    public interface SimilarLists {
        int select(int item, int[] top);
    }

    /** {@link SimilarityMetrics} of {@code lists} over {@code items} (the model's index), on {@code test}. */
    public static SimilarityMetrics similarity(SimilarLists lists, IdIndex items, Dataset test, int k) {
        int count = items.size();
        int[][] raters = ratersPerItem(items, test);
        double everyone = Math.max(1, test.users().size());
        int[] top = new int[Math.min(k, count - 1)];
        int[] byPopularity = byHeldOutPopularity(raters);
        int[] rankOf = new int[count];
        for (int rank = 0; rank < count; rank++) {
            rankOf[byPopularity[rank]] = rank;
        }
        SplittableRandom random = new SplittableRandom(42);
        double shareSum = 0;
        double liftSum = 0;
        double wins = 0;
        long pairs = 0;
        int movies = 0;
        for (int i = 0; i < count; i++) {
            if (raters[i].length < CO_RATING_MIN_RATERS) {
                continue;
            }
            int found = lists.select(i, top);
            double shared = 0;
            double expected = 0;
            for (int rank = 0; rank < found; rank++) {
                int listed = top[rank];
                int together = intersection(raters[i], raters[listed]);
                shared += together / (double) raters[i].length;
                expected += raters[listed].length / everyone;
                int control = control(byPopularity, rankOf[listed], i, listed, random);
                if (control >= 0) {
                    int controlTogether = intersection(raters[i], raters[control]);
                    wins += together > controlTogether ? 1 : together == controlTogether ? 0.5 : 0;
                    pairs++;
                }
            }
            shareSum += shared / Math.max(1, found);
            liftSum += expected == 0 ? 0 : shared / expected;
            movies++;
        }
        return movies == 0
                ? new SimilarityMetrics(0, Double.NaN, Double.NaN, Double.NaN)
                : new SimilarityMetrics(
                        movies, shareSum / movies, liftSum / movies, pairs == 0 ? Double.NaN : wins / pairs);
    }

    /** The items, most held-out raters first (ties by index). */
    private static int[] byHeldOutPopularity(int[][] raters) {
        return IntStream.range(0, raters.length)
                .boxed()
                .sorted((a, b) -> raters[a].length != raters[b].length
                        ? Integer.compare(raters[b].length, raters[a].length)
                        : Integer.compare(a, b))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /**
     * A control for {@code listed}: one of the {@value #MATCH_NEIGHBOURS} movies on either side of it in
     * held-out popularity, neither it nor the movie {@code seed} whose list it is; -1 when there is none.
     */
    private static int control(int[] byPopularity, int rank, int seed, int listed, SplittableRandom random) {
        int[] candidates = new int[2 * MATCH_NEIGHBOURS];
        int found = 0;
        for (int offset = -MATCH_NEIGHBOURS; offset <= MATCH_NEIGHBOURS; offset++) {
            int at = rank + offset;
            if (offset != 0 && at >= 0 && at < byPopularity.length) {
                int candidate = byPopularity[at];
                if (candidate != seed && candidate != listed) {
                    candidates[found++] = candidate;
                }
            }
        }
        return found == 0 ? -1 : candidates[random.nextInt(found)];
    }

    /** Similar movies by cosine of {@code itemRows} ({@code items × factors}). */
    public static SimilarLists byCosine(float[] itemRows, int items, int factors) {
        float[] unitT = Cosine.unitTransposed(itemRows, items, factors);
        float[] similarity = new float[items];
        float[] scores = new float[Math.max(1, items - 1)];
        return (item, top) -> {
            Cosine.toAll(unitT, items, factors, item, similarity);
            similarity[item] = Float.NEGATIVE_INFINITY;
            return TopK.select(similarity, 0, items, top, Arrays.copyOf(scores, top.length));
        };
    }

    /**
     * Similar movies as {@code GET /movies/{id}/similar} serves them: by cosine in {@code space},
     * none with fewer than {@code minRatings} {@code ratings}.
     */
    public static SimilarLists served(SimilaritySpace space, int[] ratings, int minRatings) {
        int items = ratings.length;
        float[] similarity = new float[items];
        return (item, top) -> {
            space.similaritiesToAll(space.unit(item), similarity);
            for (int i = 0; i < items; i++) {
                if (ratings[i] < minRatings) {
                    similarity[i] = Float.NEGATIVE_INFINITY;
                }
            }
            similarity[item] = Float.NEGATIVE_INFINITY;
            return TopK.select(similarity, 0, items, top, new float[top.length]);
        };
    }

    /** How many ratings of {@code data} each item of {@code index} has. */
    public static int[] ratingCounts(IdIndex index, Dataset data) {
        int[] counts = new int[index.size()];
        for (int row = 0; row < data.size(); row++) {
            int item = index.indexOrMinusOne(data.itemId(row));
            if (item >= 0) {
                counts[item]++;
            }
        }
        return counts;
    }

    /** The same list for every movie (itself left out): the most popular by {@code scores}. */
    public static SimilarLists constant(float[] scores) {
        float[] copy = scores.clone();
        return (item, top) -> {
            float own = copy[item];
            copy[item] = Float.NEGATIVE_INFINITY;
            int found = TopK.select(copy, 0, copy.length, top, new float[top.length]);
            copy[item] = own;
            return found;
        };
    }

    /**
     * Similar movies of both models by cosine, and with {@code popularScores} a constant
     * most-popular list beside them, each as co-rating share and lift ({@link #similarity}).
     */
    public static Map<String, Object> similarCoRating(
            FactorModel model, Dataset train, Dataset test, int k, float[] popularScores) {
        int items = model.items().size();
        Map<String, Object> result = new LinkedHashMap<>();
        SimilarityMetrics rating =
                similarity(byCosine(model.itemRows(), items, model.factors()), model.items(), test, k);
        result.put("movies", rating.movies());
        result.put("ratingModel", rating.coRating());
        result.put("ratingModelLift", rating.lift());
        result.put("ratingModelMatched", rating.matched());
        model.ranker().ifPresent(ranker -> {
            SimilarityMetrics cosine =
                    similarity(byCosine(ranker.itemRows(), items, ranker.factors()), model.items(), test, k);
            result.put("rankerCosine", cosine.coRating());
            result.put("rankerCosineLift", cosine.lift());
            result.put("rankerCosineMatched", cosine.matched());
            // What GET /movies/{id}/similar serves: the version's similarity space above the support floor.
            SimilarityMetrics served = similarity(
                    served(
                            SimilaritySpace.of(model),
                            ratingCounts(model.items(), train),
                            ServingProperties.defaults().similarMinRatings()),
                    model.items(),
                    test,
                    k);
            result.put("ranker", served.coRating());
            result.put("rankerLift", served.lift());
            result.put("rankerMatched", served.matched());
        });
        if (popularScores != null) {
            SimilarityMetrics popular = similarity(constant(popularScores), model.items(), test, k);
            result.put("popular", popular.coRating());
            result.put("popularLift", popular.lift());
            result.put("popularMatched", popular.matched());
        }
        return result;
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

    /** Sorted row numbers of {@code data}'s users who rated each item of {@code index} (users outside the model count too). */
    private static int[][] ratersPerItem(IdIndex index, Dataset data) {
        int items = index.size();
        int[] counts = new int[items];
        int[] itemOf = new int[data.size()];
        for (int row = 0; row < data.size(); row++) {
            itemOf[row] = index.indexOrMinusOne(data.itemId(row));
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
