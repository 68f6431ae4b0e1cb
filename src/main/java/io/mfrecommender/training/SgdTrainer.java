package io.mfrecommender.training;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Shuffle;
import io.mfrecommender.data.Split;
import io.mfrecommender.linalg.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Biased matrix factorization by stochastic gradient descent (Koren, Bell and Volinsky 2009;
 * Funk 2006). For each rating, with error {@code e = r − (μ + b_u + b_i + p_u·q_i)}:
 * <pre>
 *   b_u += η (e − λ_b b_u)        p_u += η (e q_i − λ p_u)
 *   b_i += η (e − λ_b b_i)        q_i += η (e p_u − λ q_i)
 * </pre>
 * with η decayed by a constant factor each epoch. With {@code implicitRate > 0} (the default)
 * the model also learns from which items each user rated, as SVD++ does ({@link ImplicitFeedback});
 * the saved model is still {@code μ + b_u + b_i + p_u·q_i}.
 *
 * <p><b>Parallel and deterministic.</b> Users and items are dealt into {@code B} groups each,
 * splitting the rating matrix into {@code B×B} blocks. Blocks {@code (a, (a+s) mod B)} for one
 * {@code s} share no user and no item, so the {@code B} blocks of a stratum are updated in parallel
 * without locks and the outcome does not depend on which thread runs which block (DSGD: Gemulla,
 * Nijkamp, Haas and Sismanis, KDD 2011; LibMF's block scheduling: Chin, Zhuang, Juan and Lin,
 * ACM TIST 2015). Ratings are shuffled once; each epoch visits the strata in a seeded random order
 * and each block's chunks of {@value #CHUNK} ratings in a fresh seeded order, so the same seed and
 * thread count give the same model, bit for bit.
 *
 * <p><b>Early stopping.</b> A seeded slice of the training ratings ({@code validationFraction})
 * is held back; after each epoch its RMSE is measured and the best epoch's parameters are kept.
 * Training stops after {@code patience} epochs without improvement; with {@code refit} the model
 * is then trained again from the start on all ratings for the best number of epochs. The test
 * set is never seen.
 */
final class SgdTrainer implements Trainer {

    /** Ratings per shuffle unit within a block (see {@link #updateBlock}). */
    static final int CHUNK = 64;

    @Override
    public TrainingResult train(
            Dataset ratings, TrainingParameters parameters, TrainingListener listener, Cancellation cancellation) {
        if (!(parameters instanceof SgdParameters p)) {
            throw new IllegalArgumentException(
                    "SgdTrainer trains sgd, not " + parameters.algorithm().id());
        }
        Dataset all = ratings.compacted();
        p.checkFits(all.users().size(), all.items().size());
        WorkerTeam pool = p.threads() == 1 ? null : new WorkerTeam(p.threads(), "sgd-worker");
        try {
            if (p.validationFraction() == 0) {
                Run run = fit(all, null, p.epochs(), false, p, listener, cancellation, pool);
                return run.result(all, p);
            }
            Split split = TrainingState.validationSplit(all, p);
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
                pool.close();
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

        TrainingResult result(Dataset all, SgdParameters p) {
            return new TrainingResult(
                    state.toModel(all, p, Map.of("kernel", Kernels.name())), reports, bestEpoch, nanos / 1e9, updates);
        }
    }

    /**
     * Trains from a fresh seeded start for up to {@code epochs} epochs. With a validation set it
     * keeps the best epoch's parameters and stops after {@code patience} epochs without progress.
     * {@code fit} must share {@code validation}'s indices.
     */
    private static Run fit(
            Dataset fit,
            Dataset validation,
            int epochs,
            boolean refit,
            SgdParameters p,
            TrainingListener listener,
            Cancellation cancellation,
            WorkerTeam pool) {
        SplittableRandom random = new SplittableRandom(p.seed());
        Blocks blocks = Blocks.of(fit, blocksPerSide(p.threads()), TrainingState.mix(p.seed(), 4, 0));
        // Train in block layout: each group's rows are contiguous, so threads never write to the same cache line.
        TrainingState state = new TrainingState(
                        fit.users().size(),
                        fit.items().size(),
                        p.factors(),
                        Kernels.stride(p.factors()),
                        (float) fit.meanRating(),
                        p.initStd(),
                        random)
                .rearranged(blocks.userPosition, blocks.itemPosition, false);
        boolean validating = validation != null && !validation.isEmpty();
        ImplicitFeedback implicit = p.implicitRate() > 0
                ? new ImplicitFeedback(
                        blocks.users,
                        blocks.items,
                        fit.users().size(),
                        fit.items().size(),
                        state.stride,
                        p,
                        state.userFactors)
                : null;
        Run run = new Run();
        TrainingState best = null;
        double bestRmse = Double.POSITIVE_INFINITY;
        double learningRate = p.learningRate();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            double squaredError = runEpoch(state, blocks, p, (float) learningRate, epoch, pool, cancellation);
            // Not after the last epoch: a propagation hands each user what others taught the items, and
            // only the epoch after it fits the users to that; a model saved right after one is worse.
            if (implicit != null && epoch < epochs) {
                implicit.endEpoch(state.userFactors, (float) learningRate, pool);
            }
            long elapsed = System.nanoTime() - start;
            run.nanos += elapsed;
            run.updates += fit.size();
            double trainRmse = Math.sqrt(squaredError / fit.size());
            if (!Double.isFinite(trainRmse)) {
                throw new TrainingException("training diverged in epoch " + epoch + " (learning rate " + learningRate
                        + "); lower the learning rate or raise the regularization");
            }
            double[] metrics = validating
                    ? state.evaluate(validation, blocks.userPosition, blocks.itemPosition)
                    : new double[] {Double.NaN, Double.NaN};
            EpochReport report =
                    EpochReport.rating(epoch, trainRmse, metrics[0], metrics[1], learningRate, elapsed / 1e9, refit);
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
        run.state = (best != null ? best : state).rearranged(blocks.userPosition, blocks.itemPosition, true);
        return run;
    }

    /** One pass over all blocks; returns the summed squared error, added up in block order. */
    private static double runEpoch(
            TrainingState state,
            Blocks blocks,
            SgdParameters p,
            float learningRate,
            int epoch,
            WorkerTeam pool,
            Cancellation cancellation) {
        int b = blocks.perSide;
        int[] strata = Shuffle.permutation(b, new SplittableRandom(TrainingState.mix(p.seed(), 2, epoch)));
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
            // Member t always takes user groups t, t + T, ...: its rows of P stay in its core's cache.
            int members = pool.size();
            pool.run(member -> {
                for (int a = member; a < b; a += members) {
                    int block = a * b + (a + s) % b;
                    blockErrors[block] = updateBlock(state, blocks, block, p, learningRate, epoch);
                }
            });
        }
        double total = 0;
        for (double error : blockErrors) {
            total += error;
        }
        return total;
    }

    /**
     * Updates the ratings of one block. The block's ratings were shuffled once when the blocks
     * were built; each epoch then visits its chunks of {@value #CHUNK} ratings in a fresh seeded
     * order, which reshuffles the sequence every epoch at the cost of one random number per chunk
     * rather than one random swap per rating.
     */
    private static double updateBlock(
            TrainingState state, Blocks blocks, int block, SgdParameters p, float learningRate, int epoch) {
        int from = blocks.start[block];
        int to = blocks.start[block + 1];
        int chunks = (to - from + CHUNK - 1) / CHUNK;
        int[] chunkOrder =
                Shuffle.permutation(chunks, new SplittableRandom(TrainingState.mix(p.seed(), 3 + epoch, block)));
        int[] users = blocks.users;
        int[] items = blocks.items;
        float[] ratings = blocks.ratings;
        int factors = state.factors;
        int stride = state.stride;
        float mu = state.globalMean;
        float[] userBias = state.userBias;
        float[] itemBias = state.itemBias;
        float[] userFactors = state.userFactors;
        float[] itemFactors = state.itemFactors;
        float lr = learningRate;
        // p += lr (e q − λ p)  is  p = (1 − lr λ) p + (lr e) q: two multiplies and an add per factor.
        float shrink = 1 - lr * (float) p.regularization();
        float biasShrink = 1 - lr * (float) p.biasRegularization();
        float userSteps = p.implicitRate() > 0 ? ImplicitFeedback.USER_STEPS : 1f;
        double squaredError = 0;
        for (int c : chunkOrder) {
            int chunkEnd = Math.min(to, from + (c + 1) * CHUNK);
            if (Kernels.VECTOR) {
                squaredError += VectorKernel.update(
                        from + c * CHUNK, chunkEnd, users, items, ratings, state, lr, shrink, biasShrink, userSteps);
                continue;
            }
            for (int k = from + c * CHUNK; k < chunkEnd; k++) {
                int user = users[k];
                int item = items[k];
                int uo = user * stride;
                int io = item * stride;
                float dot = Vectors.dot(userFactors, uo, itemFactors, io, factors); // the scalar path here
                float error = ratings[k] - (mu + userBias[user] + itemBias[item] + dot);
                squaredError += error * error;
                float step = lr * error;
                float userStep = step * userSteps;
                userBias[user] = biasShrink * userBias[user] + step;
                itemBias[item] = biasShrink * itemBias[item] + step;
                for (int f = 0; f < factors; f++) {
                    float pu = userFactors[uo + f];
                    float qi = itemFactors[io + f];
                    userFactors[uo + f] = shrink * pu + userStep * qi;
                    itemFactors[io + f] = shrink * qi + step * pu;
                }
            }
        }
        return squaredError;
    }

    /**
     * One block per thread and stratum: groups are balanced by rating count, and every extra
     * stratum costs a barrier, so more blocks than threads were slower. A single thread still uses
     * 2, which keeps each block's rows of P and Q smaller and closer in cache.
     */
    static int blocksPerSide(int threads) {
        return Math.max(2, threads);
    }

    /**
     * The training ratings regrouped block by block: block {@code a*B + b} holds the ratings of
     * user group {@code a} and item group {@code b} at {@code [start[block], start[block+1])}.
     * Groups are balanced by rating count (largest first into the lightest group).
     */
    static final class Blocks {
        final int perSide;
        final int[] start;
        /** Training row of each user: the users of group 0 first, then group 1, and so on. */
        final int[] userPosition;

        final int[] itemPosition;
        final int[] users;
        final int[] items;
        final float[] ratings;

        private Blocks(
                int perSide,
                int[] start,
                int[] userPosition,
                int[] itemPosition,
                int[] users,
                int[] items,
                float[] ratings) {
            this.perSide = perSide;
            this.start = start;
            this.userPosition = userPosition;
            this.itemPosition = itemPosition;
            this.users = users;
            this.items = items;
            this.ratings = ratings;
        }

        static Blocks of(Dataset data, int perSide, long seed) {
            int n = data.size();
            int[] userIdx = data.userIndices();
            int[] itemIdx = data.itemIndices();
            float[] ratingValues = data.ratings();
            int[] userGroup = balancedGroups(userIdx, data.users().size(), perSide);
            int[] itemGroup = balancedGroups(itemIdx, data.items().size(), perSide);
            int[] userPosition = groupedPositions(userGroup, perSide);
            int[] itemPosition = groupedPositions(itemGroup, perSide);
            int blockCount = perSide * perSide;
            int[] blockOf = new int[n];
            for (int row = 0; row < n; row++) {
                blockOf[row] = userGroup[userIdx[row]] * perSide + itemGroup[itemIdx[row]];
            }
            int[] start = offsets(blockOf, blockCount);
            int[] cursor = Arrays.copyOf(start, blockCount);
            // Visit each block's rows in a seeded random order (once; epochs reorder chunks of them).
            int[] order = Shuffle.permutation(n, new SplittableRandom(seed));
            int[] users = new int[n];
            int[] items = new int[n];
            float[] ratings = new float[n];
            for (int row : order) {
                int at = cursor[blockOf[row]]++;
                users[at] = userPosition[userIdx[row]];
                items[at] = itemPosition[itemIdx[row]];
                ratings[at] = ratingValues[row];
            }
            return new Blocks(perSide, start, userPosition, itemPosition, users, items, ratings);
        }

        /**
         * Where each key's entries start when entries are laid out by key: {@code start[k]} counts
         * the keys below {@code k}, and {@code start[count]} is {@code keys.length}.
         */
        static int[] offsets(int[] keys, int count) {
            int[] start = new int[count + 1];
            for (int key : keys) {
                start[key + 1]++;
            }
            for (int k = 0; k < count; k++) {
                start[k + 1] += start[k];
            }
            return start;
        }

        /** Numbers the members of group 0 first, then group 1, ..., keeping index order within a group. */
        private static int[] groupedPositions(int[] group, int groups) {
            int[] next = offsets(group, groups);
            int[] position = new int[group.length];
            for (int x = 0; x < group.length; x++) {
                position[x] = next[group[x]]++;
            }
            return position;
        }

        private static int[] balancedGroups(int[] indices, int universe, int groups) {
            int[] counts = new int[universe];
            for (int x : indices) {
                counts[x]++;
            }
            Integer[] order = new Integer[universe];
            Arrays.setAll(order, k -> k);
            Arrays.sort(
                    order,
                    (a, b) -> counts[b] != counts[a] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b));
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
