package io.mfrecommender.benchmark;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.data.IdIndex;
import io.mfrecommender.data.Shuffle;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.linalg.Cosine;
import io.mfrecommender.linalg.Vectors;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.RankingFactors;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.FoldIn;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.TrainingListener;
import io.mfrecommender.training.VersionTrainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code benchmark fold-in --ratings FILE}: how well fold-in personalises users the model never
 * saw. 10% of the users (seeded) are left out; each keeps 80% of their ratings as "posted" and
 * 20% as held out. Version A trains on everyone else plus the left-out users' 80%; version B on
 * everyone else only, then folds each left-out user in from their 80%. Both are scored on the same
 * 20% (NDCG@10 over the movies the user did not rate in their 80%, RMSE), and fold-in latency is
 * timed for one user with 100 ratings.
 */
public final class FoldInBenchmark {

    private final PrintStream out;

    public FoldInBenchmark(PrintStream out) {
        this.out = out;
    }

    public int run(Dataset data, ModelRecipe recipe, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int users = data.users().size();
        boolean[] leftOut = new boolean[users];
        int[] order = Shuffle.permutation(users, random);
        for (int k = 0; k < users / 10; k++) {
            leftOut[order[k]] = true;
        }
        DatasetBuilder others = new DatasetBuilder();
        DatasetBuilder everyone = new DatasetBuilder();
        DatasetBuilder posted = new DatasetBuilder();
        DatasetBuilder heldOut = new DatasetBuilder();
        int[] offsets = data.userOffsets();
        for (int u = 0; u < users; u++) {
            int from = offsets[u];
            int count = offsets[u + 1] - from;
            int[] shuffled = Shuffle.permutation(count, random);
            int keep = (int) Math.round(count * 0.8);
            for (int k = 0; k < count; k++) {
                int row = from + shuffled[k];
                long user = data.userId(row);
                long item = data.itemId(row);
                float rating = data.rating(row);
                if (!leftOut[u]) {
                    others.add(user, item, rating, data.timestamp(row));
                    everyone.add(user, item, rating, data.timestamp(row));
                } else if (k < keep) {
                    posted.add(user, item, rating, data.timestamp(row));
                    everyone.add(user, item, rating, data.timestamp(row));
                } else {
                    heldOut.add(user, item, rating, data.timestamp(row));
                }
            }
        }
        Dataset withThem = everyone.build(data.scale());
        Dataset withoutThem = others.build(data.scale());
        Dataset post = posted.build(data.scale());
        Dataset test = heldOut.build(data.scale());
        VersionTrainer trainer = new VersionTrainer();
        FactorModel trained = trainer.train(withThem, recipe, TrainingListener.NONE, Cancellation.NONE)
                .model();
        FactorModel base = trainer.train(withoutThem, recipe, TrainingListener.NONE, Cancellation.NONE)
                .model();

        double ndcgTrained = Evaluator.ranking(trained, post, test, 10).ndcg();
        double rmseTrained = Evaluator.accuracy(trained, test).rmse();
        Folded folded = foldIn(base, post);
        double ndcgFolded = Evaluator.ranking(folded::score, folded.users, base.items(), base.scale(), post, test, 10)
                .ndcg();
        double rmseFolded = folded.rmse(test);
        out.printf(
                Locale.ROOT,
                "left-out users %d, posted ratings %d, held-out ratings %d%n",
                folded.users.size(),
                post.size(),
                test.size());
        out.printf(Locale.ROOT, "trained with their 80%%: NDCG@10 %.4f, RMSE %.4f%n", ndcgTrained, rmseTrained);
        out.printf(
                Locale.ROOT,
                "folded in from their 80%%: NDCG@10 %.4f (%.3f of trained), RMSE %.4f (%+.4f)%n",
                ndcgFolded,
                ndcgFolded / ndcgTrained,
                rmseFolded,
                rmseFolded - rmseTrained);
        latency(base);
        return 0;
    }

    /**
     * The new-user curve: 10% of the users left out of training, each with a fixed 20% of their
     * ratings held out; folded in from their first {@code n} other ratings (in a seeded order), for n
     * = 1, 3, 5, 10, and NDCG@10 on the held-out ratings beside the popular list on the same users
     * and a version trained with those same n ratings in.
     */
    public int newUsers(Dataset data, ModelRecipe recipe, long seed, boolean trainedIn) {
        SplittableRandom random = new SplittableRandom(seed);
        int users = data.users().size();
        boolean[] leftOut = new boolean[users];
        int[] order = Shuffle.permutation(users, random);
        for (int k = 0; k < users / 10; k++) {
            leftOut[order[k]] = true;
        }
        int[] offsets = data.userOffsets();
        int[][] shuffled = new int[users][];
        DatasetBuilder others = new DatasetBuilder();
        DatasetBuilder heldOut = new DatasetBuilder();
        for (int u = 0; u < users; u++) {
            int count = offsets[u + 1] - offsets[u];
            shuffled[u] = Shuffle.permutation(count, random);
            int held = Math.max(1, (int) Math.round(count * 0.2));
            for (int k = 0; k < count; k++) {
                int row = offsets[u] + shuffled[u][k];
                if (!leftOut[u]) {
                    others.add(data.userId(row), data.itemId(row), data.rating(row), data.timestamp(row));
                } else if (k >= count - held) {
                    heldOut.add(data.userId(row), data.itemId(row), data.rating(row), data.timestamp(row));
                }
            }
        }
        Dataset withoutThem = others.build(data.scale());
        Dataset test = heldOut.build(data.scale());
        VersionTrainer trainer = new VersionTrainer();
        FactorModel base = trainer.train(withoutThem, recipe, TrainingListener.NONE, Cancellation.NONE)
                .model();
        float[] popular = Popularity.COUNT_TIMES_MEAN.scores(withoutThem, base.items(), 10);
        out.printf(Locale.ROOT, "%-8s %6s %10s %10s %10s%n", "ratings", "users", "folded-in", "popular", "trained-in");
        for (int n : new int[] {1, 3, 5, 10}) {
            DatasetBuilder posted = new DatasetBuilder();
            DatasetBuilder everyone = new DatasetBuilder();
            for (int row = 0; row < withoutThem.size(); row++) {
                everyone.add(
                        withoutThem.userId(row),
                        withoutThem.itemId(row),
                        withoutThem.rating(row),
                        withoutThem.timestamp(row));
            }
            for (int u = 0; u < users; u++) {
                if (!leftOut[u]) {
                    continue;
                }
                int count = offsets[u + 1] - offsets[u];
                int held = Math.max(1, (int) Math.round(count * 0.2));
                for (int k = 0; k < Math.min(n, count - held); k++) {
                    int row = offsets[u] + shuffled[u][k];
                    posted.add(data.userId(row), data.itemId(row), data.rating(row), data.timestamp(row));
                    everyone.add(data.userId(row), data.itemId(row), data.rating(row), data.timestamp(row));
                }
            }
            Dataset post = posted.build(data.scale());
            Folded folded = foldIn(base, post);
            double ndcgFolded = Evaluator.ranking(
                            folded::score, folded.users, base.items(), base.scale(), post, test, 10)
                    .ndcg();
            int items = base.items().size();
            double ndcgPopular = Evaluator.ranking(
                            (batch, count) -> {
                                float[] scores = new float[count * items];
                                for (int r = 0; r < count; r++) {
                                    System.arraycopy(popular, 0, scores, r * items, items);
                                }
                                return scores;
                            },
                            folded.users,
                            base.items(),
                            base.scale(),
                            post,
                            test,
                            10)
                    .ndcg();
            double ndcgTrained = Double.NaN;
            if (trainedIn) {
                FactorModel trained = trainer.train(
                                everyone.build(data.scale()), recipe, TrainingListener.NONE, Cancellation.NONE)
                        .model();
                ndcgTrained = Evaluator.ranking(trained, post, test, 10).ndcg();
            }
            out.printf(
                    Locale.ROOT,
                    "%-8d %6d %10.4f %10.4f %10.4f%n",
                    n,
                    folded.users.size(),
                    ndcgFolded,
                    ndcgPopular,
                    ndcgTrained);
        }
        return 0;
    }

    /** The left-out users placed by fold-in: rating-model and ranker vectors, row by row. */
    private static final class Folded {
        final FactorModel model;
        final IdIndex users;
        final float[] bias;
        final float[] vectors;
        final float[] rankerVectors;
        final float[] rankerItemsT;
        final float[] itemsT;

        Folded(FactorModel model, IdIndex users, float[] bias, float[] vectors, float[] rankerVectors) {
            this.model = model;
            this.users = users;
            this.bias = bias;
            this.vectors = vectors;
            this.rankerVectors = rankerVectors;
            RankingFactors ranker = model.ranker().orElse(null);
            int items = model.items().size();
            this.rankerItemsT = ranker == null ? null : Cosine.transposed(ranker.itemRows(), items, ranker.factors());
            this.itemsT = Cosine.transposed(model.itemRows(), items, model.factors());
        }

        /** What the endpoint would rank by: the ranker's scores, or predicted ratings without one. */
        float[] score(int[] batch, int count) {
            int items = model.items().size();
            float[] scores = new float[count * items];
            float[] row = new float[items];
            for (int r = 0; r < count; r++) {
                Arrays.fill(row, 0f);
                if (rankerItemsT != null) {
                    int k = model.ranker().get().factors();
                    Vectors.addProducts(Vectors.row(rankerVectors, batch[r], k), k, rankerItemsT, items, row);
                } else {
                    int k = model.factors();
                    Vectors.addProducts(Vectors.row(vectors, batch[r], k), k, itemsT, items, row);
                }
                System.arraycopy(row, 0, scores, r * items, items);
            }
            return scores;
        }

        double rmse(Dataset test) {
            double squared = 0;
            int k = model.factors();
            for (int row = 0; row < test.size(); row++) {
                int u = users.indexOrMinusOne(test.userId(row));
                int i = model.items().indexOrMinusOne(test.itemId(row));
                double score = model.globalMean() + (i >= 0 ? model.itemBias(i) : 0) + bias[u];
                if (i >= 0) {
                    score += Vectors.dot(vectors, u * k, model.itemVector(i), 0, k);
                }
                double error = model.scale().clip(score) - test.rating(row);
                squared += error * error;
            }
            return Math.sqrt(squared / test.size());
        }
    }

    private static Folded foldIn(FactorModel base, Dataset posted) {
        FoldIn foldIn = FoldIn.forModel(base);
        IdIndex users = posted.users();
        int k = base.factors();
        int kr = base.ranker().map(RankingFactors::factors).orElse(0);
        float[] bias = new float[users.size()];
        float[] vectors = new float[users.size() * k];
        float[] rankerVectors = new float[users.size() * kr];
        int[] offsets = posted.userOffsets();
        for (int u = 0; u < users.size(); u++) {
            List<Integer> items = new ArrayList<>();
            List<Float> ratings = new ArrayList<>();
            for (int row = offsets[u]; row < offsets[u + 1]; row++) {
                int item = base.items().indexOrMinusOne(posted.itemId(row));
                if (item >= 0) { // a movie only the left-out users rated has no vector to fold against
                    items.add(item);
                    ratings.add(posted.rating(row));
                }
            }
            float[] values = new float[ratings.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = ratings.get(r);
            }
            FoldIn.Folded folded =
                    foldIn.fold(items.stream().mapToInt(Integer::intValue).toArray(), values);
            bias[u] = folded.bias();
            System.arraycopy(folded.vector(), 0, vectors, u * k, k);
            if (kr > 0) {
                System.arraycopy(folded.rankerVector(), 0, rankerVectors, u * kr, kr);
            }
        }
        return new Folded(base, users, bias, vectors, rankerVectors);
    }

    /** One user with 100 ratings folded into both models, median of 2,000 after a warm-up. */
    private void latency(FactorModel base) {
        FoldIn foldIn = FoldIn.forModel(base);
        SplittableRandom random = new SplittableRandom(5);
        int n = Math.min(100, base.items().size());
        int[] items = Arrays.copyOf(Shuffle.permutation(base.items().size(), random), n);
        float[] ratings = new float[n];
        for (int r = 0; r < n; r++) {
            ratings[r] = (float) (base.scale().min()
                    + random.nextDouble() * (base.scale().max() - base.scale().min()));
        }
        long[] nanos = new long[2000];
        for (int warm = 0; warm < 2000; warm++) {
            foldIn.fold(items, ratings);
        }
        for (int r = 0; r < nanos.length; r++) {
            long start = System.nanoTime();
            foldIn.fold(items, ratings);
            nanos[r] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        out.printf(
                Locale.ROOT,
                "fold-in of one user with %d ratings, rating model k=%d%s: median %.3f ms, p90 %.3f ms%n",
                n,
                base.factors(),
                base.ranker().map(r -> " and ranker k=" + r.factors()).orElse(""),
                nanos[nanos.length / 2] / 1e6,
                nanos[nanos.length * 9 / 10] / 1e6);
    }
}
