package io.mfrecommender.benchmark;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.linalg.TopK;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.recommendation.ListRules;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.TrainingListener;
import io.mfrecommender.training.VersionTrainer;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the list rules cost and what they change, on held-out ratings: NDCG@10 of the pages the
 * recommendations endpoint serves with each set of {@link ListRules}, the share of shown movies
 * the rating model predicts below the floor (cards that contradict themselves), the largest
 * number of near neighbours on one page, and the mean cosine of a page's pairs (what
 * {@code diversity} lowers).
 */
public final class ListsBenchmark {

    private static final int K = 10;
    private static final int CANDIDATES = 200;
    /** Users whose pages' mean pairwise cosine is averaged. */
    private static final int COSINE_USERS = 500;

    private final PrintStream out;

    public ListsBenchmark(PrintStream out) {
        this.out = out;
    }

    public int run(Dataset train, Dataset test, ModelRecipe recipe) {
        FactorModel model = new VersionTrainer()
                .train(train, recipe, TrainingListener.NONE, Cancellation.NONE)
                .model();
        ServingModel serving = new ServingModel(model, train, MovieCatalog.empty(), Popularity.COUNT_TIMES_MEAN, 10);
        double threshold = model.scale().liked();
        double floorForCount = model.scale().fromStarsAsRead(2.5);
        Map<String, ListRules> variants = new LinkedHashMap<>();
        variants.put("none", ListRules.NONE);
        for (double stars : new double[] {2.5, 3.0}) {
            variants.put("floor " + stars + "*", new ListRules(model.scale().fromStarsAsRead(stars), 0, 1));
        }
        for (int cap : new int[] {3, 4}) {
            for (double similarity : new double[] {0.7, 0.8}) {
                variants.put("cap " + cap + " at cosine " + similarity, new ListRules(Double.NaN, cap, similarity));
            }
        }
        ListRules defaults = new ListRules(floorForCount, 4, 0.8);
        variants.put("floor 2.5* and cap 4 at 0.8", defaults);
        for (double diversity : new double[] {0.25, 0.5, 0.75}) {
            variants.put("the same, diversity " + diversity, defaults.withDiversity(diversity));
        }
        Map<Long, Set<Integer>> relevant = new TreeMap<>();
        for (int row = 0; row < test.size(); row++) {
            int item = model.items().indexOrMinusOne(test.itemId(row));
            if (test.rating(row) >= threshold) {
                relevant.computeIfAbsent(test.userId(row), u -> new HashSet<>()).add(item);
            }
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        variants.keySet().forEach(name -> sums.put(name, new double[4]));
        int users = 0;
        int items = model.items().size();
        float[] scores = new float[items];
        int[] top = new int[Math.min(CANDIDATES, items)];
        float[] topScores = new float[top.length];
        int[] page = new int[K];
        for (Map.Entry<Long, Set<Integer>> user : relevant.entrySet()) {
            ServedUser served = serving.user(user.getKey());
            if (!served.known()) {
                continue;
            }
            serving.rankAllItems(served, scores);
            serving.excludeRated(served, scores);
            int found = TopK.select(scores, 0, items, top, topScores);
            users++;
            for (Map.Entry<String, ListRules> variant : variants.entrySet()) {
                int placed = variant.getValue()
                        .apply(top, topScores, found, item -> serving.predict(served, item), serving::cosine, page);
                double dcg = 0;
                int below = 0;
                for (int rank = 0; rank < placed; rank++) {
                    if (user.getValue().contains(page[rank])) {
                        dcg += 1 / Math.log(rank + 2) * Math.log(2);
                    }
                    if (serving.predict(served, page[rank]) < floorForCount) {
                        below++;
                    }
                }
                double ideal = 0;
                for (int rank = 0; rank < Math.min(K, user.getValue().size()); rank++) {
                    ideal += 1 / Math.log(rank + 2) * Math.log(2);
                }
                double[] sum = sums.get(variant.getKey());
                sum[0] += dcg / ideal;
                sum[1] += below / (double) Math.max(1, placed);
                sum[2] = Math.max(sum[2], largestNeighbourhood(page, placed, serving));
                if (users <= COSINE_USERS) {
                    sum[3] += meanPairwiseCosine(page, placed, serving);
                }
            }
        }
        out.printf("%-36s %8s %12s %14s %12s%n", "rules", "ndcg@10", "below 2.5*", "most similar", "mean cosine");
        for (Map.Entry<String, double[]> sum : sums.entrySet()) {
            out.printf(
                    Locale.ROOT,
                    "%-36s %8.4f %12.4f %14d %12.4f%n",
                    sum.getKey(),
                    sum.getValue()[0] / users,
                    sum.getValue()[1] / users,
                    (int) sum.getValue()[2],
                    sum.getValue()[3] / Math.min(users, COSINE_USERS));
        }
        out.printf("mean cosine: of the top 10's pairs (ranker factors), over the first %d users%n", COSINE_USERS);
        out.printf("users %d%n", users);
        return 0;
    }

    /** The mean cosine of the page's pairs of movies. */
    private static double meanPairwiseCosine(int[] page, int placed, ServingModel serving) {
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < placed; a++) {
            for (int b = a + 1; b < placed; b++) {
                sum += serving.cosine(page[a], page[b]);
                pairs++;
            }
        }
        return pairs == 0 ? 0 : sum / pairs;
    }

    /** The most items on the page with a cosine of at least 0.8 to one of them (itself counted). */
    private static int largestNeighbourhood(int[] page, int placed, ServingModel serving) {
        int largest = 0;
        for (int a = 0; a < placed; a++) {
            int near = 0;
            for (int b = 0; b < placed; b++) {
                if (serving.cosine(page[a], page[b]) >= 0.8) {
                    near++;
                }
            }
            largest = Math.max(largest, near);
        }
        return largest;
    }
}
