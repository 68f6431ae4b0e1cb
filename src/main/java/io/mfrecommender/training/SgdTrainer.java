package io.mfrecommender.training;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Split;
import io.mfrecommender.data.SplitStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Biased matrix factorization by stochastic gradient descent (Koren, Bell and Volinsky 2009;
 * Funk 2006). For each rating, with error {@code e = r − (μ + b_u + b_i + p_u·q_i)}:
 * <pre>
 *   b_u += η (e − λ_b b_u)        p_u += η (e q_i − λ p_u)
 *   b_i += η (e − λ_b b_i)        q_i += η (e p_u − λ q_i)
 * </pre>
 * with η decayed by a constant factor each epoch.
 *
 * <p><b>Parallel and deterministic.</b> Users and items are dealt into {@code B} groups each,
 * splitting the rating matrix into {@code B×B} blocks. Blocks {@code (a, (a+s) mod B)} for one
 * {@code s} share no user and no item, so the {@code B} blocks of a stratum are updated in parallel
 * without locks and the outcome does not depend on which thread runs which block (DSGD: Gemulla,
 * Nijkamp, Haas and Sismanis, KDD 2011; LibMF's block scheduling: Chin, Zhuang, Juan and Lin,
 * ACM TIST 2015). Each epoch visits the strata in a seeded random order and every block in a fresh
 * seeded shuffle, so the same seed and thread count give the same model, bit for bit.
 *
 * <p><b>Early stopping.</b> A seeded slice of the training ratings ({@code validationFraction})
 * is held back; after each epoch its RMSE is measured and the best epoch's parameters are kept.
 * Training stops after {@code patience} epochs without improvement. The test set is never seen.
 */
final class SgdTrainer implements Trainer {

    @Override
    public TrainingResult train(Dataset ratings, TrainingParameters p, TrainingListener listener,
                                Cancellation cancellation) {
        if (p.algorithm() != Algorithm.SGD) {
            throw new IllegalArgumentException("SgdTrainer trains sgd, not " + p.algorithm().id());
        }
        Dataset all = ratings.compacted();
        p.checkFits(all.users().size(), all.items().size());
        ExecutorService pool = p.threads() == 1 ? null : Executors.newFixedThreadPool(p.threads(), daemon());
        try {
            if (p.validationFraction() == 0) {
                Run run = fit(all, null, p.epochs(), false, p, listener, cancellation, pool);
                return run.result(all, p);
            }
            Split split = new SplitStrategy.Random(1 - p.validationFraction())
                    .apply(all, TrainingState.mix(p.seed(), 1, 0));
            Run search = fit(split.train(), split.test(), p.epochs(), false, p, listener, cancellation, pool);
            if (!p.refit()) {
                return search.result(all, p);
            }
            // The validation slice told us how long to train; now use every rating for that long.
            Run refit = fit(all, null, search.bestEpoch, true, p, listener, cancellation, pool);
            refit.reports.addAll(0, search.reports);
            refit.nanos += search.nanos;
            refit.updates += search.updates;
            return refit.result(all, p);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** The outcome of one training pass. */
    private static final class Run {
        final List<EpochReport> reports = new ArrayList<>();
        TrainingState state;
        int bestEpoch;
        long nanos;
        long updates;

        TrainingResult result(Dataset all, TrainingParameters p) {
            return new TrainingResult(state.toModel(all, p), reports, bestEpoch, nanos / 1e9, updates);
        }
    }

    /**
     * Trains from a fresh seeded start for up to {@code epochs} epochs. With a validation set it
     * keeps the best epoch's parameters and stops after {@code patience} epochs without progress.
     * {@code fit} must share {@code validation}'s indices.
     */
    private static Run fit(Dataset fit, Dataset validation, int epochs, boolean refit, TrainingParameters p,
                           TrainingListener listener, Cancellation cancellation, ExecutorService pool) {
        SplittableRandom random = new SplittableRandom(p.seed());
        TrainingState state = new TrainingState(fit.users().size(), fit.items().size(), p.factors(),
                (float) fit.meanRating(), p.initStd(), random);
        Blocks blocks = Blocks.of(fit, p.threads() == 1 ? 1 : 2 * p.threads());
        boolean validating = validation != null && !validation.isEmpty();
        Run run = new Run();
        TrainingState best = null;
        double bestRmse = Double.POSITIVE_INFINITY;
        double learningRate = p.learningRate();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            double squaredError = runEpoch(state, blocks, p, (float) learningRate, epoch, pool, cancellation);
            long elapsed = System.nanoTime() - start;
            run.nanos += elapsed;
            run.updates += fit.size();
            double trainRmse = Math.sqrt(squaredError / fit.size());
            if (!Double.isFinite(trainRmse)) {
                throw new TrainingException("training diverged in epoch " + epoch + " (learning rate "
                        + learningRate + "); lower the learning rate or raise the regularization");
            }
            double[] metrics = validating ? state.evaluate(validation) : new double[] {Double.NaN, Double.NaN};
            EpochReport report = new EpochReport(epoch, trainRmse, metrics[0], metrics[1], learningRate,
                    elapsed / 1e9, refit);
            run.reports.add(report);
            listener.onEpoch(report);
            learningRate *= p.learningRateDecay();
            if (!validating) {
                run.bestEpoch = epoch;
            } else if (metrics[0] < bestRmse) {
                bestRmse = metrics[0];
                run.bestEpoch = epoch;
                if (best == null) {
                    best = state.copy();
                } else {
                    best.copyFrom(state);
                }
            } else if (epoch - run.bestEpoch >= p.patience()) {
                break;
            }
        }
        run.state = best != null ? best : state;
        return run;
    }

    /** One pass over all blocks; returns the summed squared error, added up in block order. */
    private static double runEpoch(TrainingState state, Blocks blocks, TrainingParameters p, float learningRate,
                                   int epoch, ExecutorService pool, Cancellation cancellation) {
        int b = blocks.perSide;
        int[] strata = permutation(b, new SplittableRandom(TrainingState.mix(p.seed(), 2, epoch)));
        double[] blockErrors = new double[b * b];
        for (int s : strata) {
            if (cancellation.isCancelled()) {
                throw new TrainingCancelledException(epoch);
            }
            if (pool == null) {
                for (int a = 0; a < b; a++) {
                    int block = a * b + (a + s) % b;
                    blockErrors[block] = updateBlock(state, blocks, block, p, learningRate, epoch);
                }
                continue;
            }
            AtomicInteger next = new AtomicInteger();
            List<Callable<Void>> workers = new ArrayList<>();
            for (int t = 0; t < p.threads(); t++) {
                workers.add(() -> {
                    for (int a; (a = next.getAndIncrement()) < b; ) {
                        int block = a * b + (a + s) % b;
                        blockErrors[block] = updateBlock(state, blocks, block, p, learningRate, epoch);
                    }
                    return null;
                });
            }
            try {
                for (Future<Void> done : pool.invokeAll(workers)) {
                    done.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainingCancelledException(epoch);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            }
        }
        double total = 0;
        for (double error : blockErrors) {
            total += error;
        }
        return total;
    }

    /** Shuffles one block with a seed of its own, then applies the SGD update to each of its ratings. */
    private static double updateBlock(TrainingState state, Blocks blocks, int block, TrainingParameters p,
                                      float learningRate, int epoch) {
        int from = blocks.start[block];
        int to = blocks.start[block + 1];
        int[] users = blocks.users;
        int[] items = blocks.items;
        float[] ratings = blocks.ratings;
        SplittableRandom random = new SplittableRandom(TrainingState.mix(p.seed(), 3 + epoch, block));
        for (int k = to - 1; k > from; k--) {
            int j = from + random.nextInt(k - from + 1);
            int u = users[k];
            users[k] = users[j];
            users[j] = u;
            int i = items[k];
            items[k] = items[j];
            items[j] = i;
            float r = ratings[k];
            ratings[k] = ratings[j];
            ratings[j] = r;
        }

        int factors = state.factors;
        float mu = state.globalMean;
        float[] userBias = state.userBias;
        float[] itemBias = state.itemBias;
        float[] userFactors = state.userFactors;
        float[] itemFactors = state.itemFactors;
        float lr = learningRate;
        float reg = (float) p.regularization();
        float biasReg = (float) p.biasRegularization();
        double squaredError = 0;
        for (int k = from; k < to; k++) {
            int user = users[k];
            int item = items[k];
            int uo = user * factors;
            int io = item * factors;
            float dot = 0;
            for (int f = 0; f < factors; f++) {
                dot += userFactors[uo + f] * itemFactors[io + f];
            }
            float error = ratings[k] - (mu + userBias[user] + itemBias[item] + dot);
            squaredError += error * error;
            userBias[user] += lr * (error - biasReg * userBias[user]);
            itemBias[item] += lr * (error - biasReg * itemBias[item]);
            for (int f = 0; f < factors; f++) {
                float pu = userFactors[uo + f];
                float qi = itemFactors[io + f];
                userFactors[uo + f] = pu + lr * (error * qi - reg * pu);
                itemFactors[io + f] = qi + lr * (error * pu - reg * qi);
            }
        }
        return squaredError;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        Arrays.setAll(p, k -> k);
        for (int k = n - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int swap = p[k];
            p[k] = p[j];
            p[j] = swap;
        }
        return p;
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "sgd-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The training ratings regrouped block by block: block {@code a*B + b} holds the ratings of
     * user group {@code a} and item group {@code b} at {@code [start[block], start[block+1])}.
     * Groups are balanced by rating count (largest first into the lightest group).
     */
    static final class Blocks {
        final int perSide;
        final int[] start;
        final int[] users;
        final int[] items;
        final float[] ratings;

        private Blocks(int perSide, int[] start, int[] users, int[] items, float[] ratings) {
            this.perSide = perSide;
            this.start = start;
            this.users = users;
            this.items = items;
            this.ratings = ratings;
        }

        static Blocks of(Dataset data, int perSide) {
            int n = data.size();
            int[] userIdx = data.userIndices();
            int[] itemIdx = data.itemIndices();
            float[] ratingValues = data.ratings();
            int[] userGroup = balancedGroups(userIdx, data.users().size(), perSide);
            int[] itemGroup = balancedGroups(itemIdx, data.items().size(), perSide);
            int blockCount = perSide * perSide;
            int[] start = new int[blockCount + 1];
            int[] blockOf = new int[n];
            for (int row = 0; row < n; row++) {
                blockOf[row] = userGroup[userIdx[row]] * perSide + itemGroup[itemIdx[row]];
                start[blockOf[row] + 1]++;
            }
            for (int k = 0; k < blockCount; k++) {
                start[k + 1] += start[k];
            }
            int[] cursor = Arrays.copyOf(start, blockCount);
            int[] users = new int[n];
            int[] items = new int[n];
            float[] ratings = new float[n];
            for (int row = 0; row < n; row++) {
                int at = cursor[blockOf[row]]++;
                users[at] = userIdx[row];
                items[at] = itemIdx[row];
                ratings[at] = ratingValues[row];
            }
            return new Blocks(perSide, start, users, items, ratings);
        }

        private static int[] balancedGroups(int[] indices, int universe, int groups) {
            int[] counts = new int[universe];
            for (int x : indices) {
                counts[x]++;
            }
            Integer[] order = new Integer[universe];
            Arrays.setAll(order, k -> k);
            Arrays.sort(order, (a, b) -> counts[b] != counts[a] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b));
            long[] load = new long[groups];
            int[] group = new int[universe];
            for (int x : order) {
                int lightest = 0;
                for (int g = 1; g < groups; g++) {
                    if (load[g] < load[lightest]) {
                        lightest = g;
                    }
                }
                group[x] = lightest;
                load[lightest] += counts[x];
            }
            return group;
        }
    }
}
