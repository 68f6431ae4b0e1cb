package io.mfrecommender.benchmark;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.IdIndex;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.evaluation.RankingMetrics;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.RankingFactors;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.ItemFoldIn;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.TrainingListener;
import io.mfrecommender.training.VersionTrainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Movies added after training, placed from their ratings ({@link ItemFoldIn}) against the same
 * movies trained in: a share of the movies is left out of one training, then folded in from their
 * training ratings; both versions are scored on the held-out ratings of those movies: RMSE, and
 * NDCG@10 with only those movies' held-out ratings relevant (their contribution to the lists:
 * candidates are still every movie the user did not rate), beside the most-popular list.
 */
public final class NewItemsBenchmark {

    private final PrintStream out;

    public NewItemsBenchmark(PrintStream out) {
        this.out = out;
    }

    public int run(Dataset train, Dataset test, ModelRecipe recipe, double share, long seed) {
        long[] movies = train.items().toArray();
        SplittableRandom random = new SplittableRandom(seed);
        Set<Long> left = new HashSet<>();
        for (long movie : movies) {
            if (random.nextDouble() < share) {
                left.add(movie);
            }
        }
        List<Integer> kept = new ArrayList<>();
        for (int row = 0; row < train.size(); row++) {
            if (!left.contains(train.itemId(row))) {
                kept.add(row);
            }
        }
        Dataset without = train.subset(kept.stream().mapToInt(Integer::intValue).toArray())
                .compacted();
        List<Integer> newRows = new ArrayList<>();
        for (int row = 0; row < test.size(); row++) {
            if (left.contains(test.itemId(row))) {
                newRows.add(row);
            }
        }
        Dataset newTest =
                test.subset(newRows.stream().mapToInt(Integer::intValue).toArray());

        long start = System.nanoTime();
        FactorModel trainedIn = new VersionTrainer()
                .train(train, recipe, TrainingListener.NONE, Cancellation.NONE)
                .model();
        FactorModel base = new VersionTrainer()
                .train(without, recipe, TrainingListener.NONE, Cancellation.NONE)
                .model();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        FactorModel foldedIn = foldIn(base, train, left);
        double foldMillis = (System.nanoTime() - start) / 1e6;

        RankingMetrics listTrained = Evaluator.ranking(trainedIn, train, newTest, 10);
        RankingMetrics listFolded = Evaluator.ranking(foldedIn, train, newTest, 10);
        RankingMetrics popular = Evaluator.rankingOfList(
                Popularity.COUNT_TIMES_MEAN.scores(train, trainedIn.items(), 10), trainedIn, train, newTest, 10);
        double rmseTrained = Evaluator.accuracy(trainedIn, newTest).rmse();
        double rmseFolded = Evaluator.accuracy(foldedIn, newTest).rmse();
        RankingMetrics allTrained = Evaluator.ranking(trainedIn, train, test, 10);
        RankingMetrics allFolded = Evaluator.ranking(foldedIn, train, test, 10);
        out.printf(
                Locale.ROOT,
                "%d of %d movies left out of training (%d of their training ratings, %d held out); two trainings %.1f s, "
                        + "%d movies folded in in %.1f ms%n",
                left.size(),
                movies.length,
                train.size() - without.size(),
                newTest.size(),
                trainSeconds,
                left.size(),
                foldMillis);
        out.printf(
                Locale.ROOT,
                "their held-out ratings: RMSE trained in %.4f, folded in %.4f (difference %+.4f)%n",
                rmseTrained,
                rmseFolded,
                rmseFolded - rmseTrained);
        out.printf(
                Locale.ROOT,
                "their NDCG@10 contribution (%d users): trained in %.4f, folded in %.4f (ratio %.3f); most-popular list %.4f%n",
                listTrained.users(),
                listTrained.ndcg(),
                listFolded.ndcg(),
                listFolded.ndcg() / listTrained.ndcg(),
                popular.ndcg());
        out.printf(
                Locale.ROOT,
                "all held-out ratings, NDCG@10: trained in %.4f, folded in %.4f%n",
                allTrained.ndcg(),
                allFolded.ndcg());
        return 0;
    }

    /** {@code base} with the movies in {@code added} placed from their ratings in {@code ratings} by its users. */
    static FactorModel foldIn(FactorModel base, Dataset ratings, Set<Long> added) {
        ItemFoldIn folding = ItemFoldIn.forModel(base);
        List<Long> ids = new ArrayList<>(added);
        ids.sort(null);
        List<List<ItemFoldIn.Rater>> raters = new ArrayList<>();
        Map<Long, Integer> position = new HashMap<>();
        for (long id : ids) {
            position.put(id, raters.size());
            raters.add(new ArrayList<>());
        }
        for (int row = 0; row < ratings.size(); row++) {
            Integer at = position.get(ratings.itemId(row));
            int user = base.users().indexOrMinusOne(ratings.userId(row));
            if (at != null && user >= 0) {
                raters.get(at).add(folding.trainedRater(user, ratings.rating(row)));
            }
        }
        int k = base.factors();
        int oldItems = base.items().size();
        int items = oldItems + ids.size();
        long[] itemIds = new long[items];
        float[] itemBias = new float[items];
        float[] itemFactors = new float[items * k];
        RankingFactors ranker = base.ranker().orElse(null);
        int rk = ranker == null ? 0 : ranker.factors();
        float[] rankerItems = new float[items * rk];
        for (int i = 0; i < oldItems; i++) {
            itemIds[i] = base.items().idOf(i);
            itemBias[i] = base.itemBias(i);
            System.arraycopy(base.itemVector(i), 0, itemFactors, i * k, k);
            if (ranker != null) {
                System.arraycopy(ranker.itemVector(i), 0, rankerItems, i * rk, rk);
            }
        }
        for (int j = 0; j < ids.size(); j++) {
            ItemFoldIn.Placed placed = folding.place(raters.get(j));
            int i = oldItems + j;
            itemIds[i] = ids.get(j);
            itemBias[i] = placed.bias();
            System.arraycopy(placed.vector(), 0, itemFactors, i * k, k);
            if (ranker != null) {
                System.arraycopy(placed.rankerVector(), 0, rankerItems, i * rk, rk);
            }
        }
        int users = base.users().size();
        float[] userBias = new float[users];
        float[] userFactors = new float[users * k];
        float[] rankerUsers = new float[users * rk];
        for (int u = 0; u < users; u++) {
            userBias[u] = base.userBias(u);
            System.arraycopy(base.userVector(u), 0, userFactors, u * k, k);
            if (ranker != null) {
                System.arraycopy(ranker.userVector(u), 0, rankerUsers, u * rk, rk);
            }
        }
        IdIndex itemIndex = IdIndex.of(itemIds);
        FactorModel folded = new FactorModel(
                base.manifest(),
                base.users(),
                itemIndex,
                base.globalMean(),
                userBias,
                itemBias,
                userFactors,
                itemFactors);
        return ranker == null
                ? folded
                : folded.withRanker(new RankingFactors(ranker.manifest(), users, items, rankerUsers, rankerItems));
    }
}
