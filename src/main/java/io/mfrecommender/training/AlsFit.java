package io.mfrecommender.training;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.evaluation.RankingMetrics;
import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.linalg.Vectors;
import io.mfrecommender.model.BatchScorer;
import io.mfrecommender.model.RankerEvaluation;
import io.mfrecommender.model.RankerManifest;
import io.mfrecommender.model.RankingFactors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fit of the ranker at one setting of α₀ and λ ({@link AlsTrainer} searches the settings): the
 * alternating half-epochs, each solving every row against the fixed other side in parallel chunks
 * ({@link AlsRowSolver}, or {@link AlsSparseRowSolver} for rows with few interactions), the
 * objective after each epoch, and with a validation slice the NDCG@10 that early stopping and the
 * search read.
 *
 * <p><b>Where the work goes.</b> The Gramian and each row's Σ c h hᵀ are built by SIMD rank-one
 * updates in Java, and each row is solved by Cholesky in Java: ND4J's gemm and batched solve were
 * slower at every k measured, the JNI round trips and copies costing more than the arithmetic
 * ({@code benchmark ials}, {@code docs/performance.md}).
 *
 * <p><b>Parallel and deterministic.</b> Rows of a half-epoch are independent given the other
 * side, so worker threads claim chunks of rows and the result does not depend on which thread
 * solved which row, nor on the thread count. Workers block between half-epochs instead of
 * spinning, so a server's request threads keep their cores. Cancellation is checked per chunk.
 */
final class AlsFit {

    private static final int CHUNK = 32;

    private AlsFit() {}

    /** One training pass and what it found. */
    static final class Run {
        final List<EpochReport> reports = new ArrayList<>();
        float[] userFactors;
        float[] itemFactors;
        int bestEpoch;
        double bestNdcg = Double.NaN;
        long nanos;
    }

    static Run fit(
            Dataset fit,
            EventRows events,
            Dataset validation,
            int epochs,
            boolean refit,
            AlsParameters p,
            AlsTrainer.Setting setting,
            TrainingListener listener,
            Cancellation cancellation,
            ExecutorService pool) {
        int users = fit.users().size();
        int items = fit.items().size();
        int k = p.factors();
        AlsInteractions byUser = AlsInteractions.byUser(fit, p, events);
        AlsInteractions byItem = byUser.transposed(items);
        SplittableRandom random = new SplittableRandom(p.seed());
        double std = 0.1 / Math.sqrt(k);
        float[] w = gaussian(users * k, std, random);
        float[] h = gaussian(items * k, std, random);
        Run run = new Run();
        float[] bestW = null;
        float[] bestH = null;
        float[] itemGram = Gramian.of(h, items, k);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            solveAll(w, byUser, h, itemGram, items, p, setting, epoch, cancellation, pool);
            float[] userGram = Gramian.of(w, users, k);
            solveAll(h, byItem, w, userGram, users, p, setting, epoch, cancellation, pool);
            itemGram = Gramian.of(h, items, k);
            long elapsed = System.nanoTime() - start;
            run.nanos += elapsed;
            double loss = loss(w, h, byUser, itemGram, userGram, byItem, p, setting);
            if (!Double.isFinite(loss)) {
                throw new TrainingException("the ranker diverged in epoch " + epoch + "; raise its regularization");
            }
            double ndcg = Double.NaN;
            if (validation != null && !validation.isEmpty()) {
                ndcg = validationNdcg(w, h, fit, validation, k);
            }
            EpochReport report = EpochReport.ranker(epoch, loss, ndcg, elapsed / 1e9, refit);
            run.reports.add(report);
            listener.onEpoch(report);
            if (Double.isNaN(ndcg)) {
                run.bestEpoch = epoch;
            } else if (!(ndcg <= run.bestNdcg)) { // NaN best (first epoch) or better
                run.bestNdcg = ndcg;
                run.bestEpoch = epoch;
                bestW = w.clone();
                bestH = h.clone();
            } else if (epoch - run.bestEpoch >= p.patience()) {
                break;
            }
        }
        run.userFactors = bestW != null ? bestW : w;
        run.itemFactors = bestH != null ? bestH : h;
        return run;
    }

    /** Solves every row of {@code target} against the fixed {@code other} side, in parallel chunks. */
    private static void solveAll(
            float[] target,
            AlsInteractions rows,
            float[] other,
            float[] otherGram,
            int otherCount,
            AlsParameters p,
            AlsTrainer.Setting setting,
            int epoch,
            Cancellation cancellation,
            ExecutorService pool) {
        int k = p.factors();
        int chunks = (rows.count() + CHUNK - 1) / CHUNK;
        AtomicInteger next = new AtomicInteger();
        int sparseRows = 0;
        for (int row = 0; row < rows.count(); row++) {
            int n = rows.start[row + 1] - rows.start[row];
            if (n > 0 && n <= AlsSparseRowSolver.maxInteractions(k)) {
                sparseRows++;
            }
        }
        // The eigenbasis costs ~20 k³ (Jacobi) + |other|·k² (rotation); each sparse row saves ~k³/6.
        AlsSparseRowSolver.EigenBasis basis = sparseRows * (long) k > 6L * (20L * k + otherCount)
                ? AlsSparseRowSolver.EigenBasis.of(otherGram, other, otherCount, k)
                : null;
        Callable<Void> worker = () -> {
            AlsRowSolver solver = new AlsRowSolver(
                    k, otherGram, setting.alpha(), setting.lambda(), p.frequencyExponent(), otherCount);
            AlsSparseRowSolver sparse = basis == null
                    ? null
                    : new AlsSparseRowSolver(
                            basis, setting.alpha(), setting.lambda(), p.frequencyExponent(), otherCount);
            for (int chunk = next.getAndIncrement(); chunk < chunks; chunk = next.getAndIncrement()) {
                if (cancellation.isCancelled()) {
                    throw new TrainingCancelledException(epoch);
                }
                int end = Math.min(rows.count(), (chunk + 1) * CHUNK);
                for (int row = chunk * CHUNK; row < end; row++) {
                    if (sparse != null
                            && rows.start[row + 1] - rows.start[row] <= AlsSparseRowSolver.maxInteractions(k)) {
                        sparse.solve(rows.other, rows.weight, rows.start[row], rows.start[row + 1], target, row * k);
                    } else {
                        solver.solve(rows, row, other, target);
                    }
                }
            }
            return null;
        };
        if (pool == null) {
            call(worker);
            return;
        }
        List<Future<Void>> futures = new ArrayList<>();
        for (int t = 0; t < p.threads(); t++) {
            futures.add(pool.submit(worker));
        }
        for (Future<Void> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainingCancelledException(epoch);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static void call(Callable<Void> worker) {
        try {
            worker.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The objective per interaction, with {@code userGram = WᵀW} and {@code itemGram = HᵀH} of the current factors. */
    private static double loss(
            float[] w,
            float[] h,
            AlsInteractions byUser,
            float[] itemGram,
            float[] userGram,
            AlsInteractions byItem,
            AlsParameters p,
            AlsTrainer.Setting setting) {
        int k = p.factors();
        double observed = 0;
        for (int u = 0; u < byUser.count(); u++) {
            for (int at = byUser.start[u]; at < byUser.start[u + 1]; at++) {
                float c = byUser.weight[at]; // an observed zero (c < 0) has target 0 and confidence |c|
                double error = Vectors.dot(w, u * k, h, byUser.other[at] * k, k) - (c > 0 ? 1 : 0);
                observed += Math.abs(c) * error * error;
            }
        }
        // Σ_u Σ_i ŷ² = trace(WᵀW · HᵀH)
        double all = 0;
        for (int i = 0; i < k * k; i++) {
            all += (double) userGram[i] * itemGram[i];
        }
        double penalty = regularizationPenalty(w, byUser, byItem.count(), p, setting)
                + regularizationPenalty(h, byItem, byUser.count(), p, setting);
        return (observed + setting.alpha() * all + penalty) / Math.max(1, byUser.size());
    }

    private static double regularizationPenalty(
            float[] x, AlsInteractions rows, int otherCount, AlsParameters p, AlsTrainer.Setting setting) {
        int k = p.factors();
        double penalty = 0;
        for (int r = 0; r < rows.count(); r++) {
            int n = rows.start[r + 1] - rows.start[r];
            double norm = Vectors.dot(x, r * k, x, r * k, k);
            penalty += setting.lambda() * Math.pow(n + setting.alpha() * otherCount, p.frequencyExponent()) * norm;
        }
        return penalty;
    }

    private static double validationNdcg(float[] w, float[] h, Dataset fit, Dataset validation, int k) {
        RankerManifest manifest = new RankerManifest(AlsTrainer.ALGORITHM, k, Map.of(), RankerEvaluation.NONE);
        RankingFactors current =
                new RankingFactors(manifest, fit.users().size(), fit.items().size(), w, h);
        try (BatchScorer scorer = BatchScorer.ranker(current, Evaluator.RANKING_BATCH)) {
            RankingMetrics metrics = Evaluator.ranking(
                    scorer::score, fit.users(), fit.items(), fit.scale(), fit, validation, AlsTrainer.SELECTION_K);
            return metrics.ndcg();
        }
    }

    private static float[] gaussian(int n, double std, SplittableRandom random) {
        float[] values = new float[n];
        for (int x = 0; x < n; x++) {
            values[x] = (float) (std * random.nextGaussian());
        }
        return values;
    }
}
