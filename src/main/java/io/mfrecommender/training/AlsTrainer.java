package io.mfrecommender.training;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Split;
import io.mfrecommender.data.SplitStrategy;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.evaluation.RankingMetrics;
import io.mfrecommender.linalg.Cholesky;
import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.linalg.Vectors;
import io.mfrecommender.model.BatchScorer;
import io.mfrecommender.model.RankerEvaluation;
import io.mfrecommender.model.RankerManifest;
import io.mfrecommender.model.RankingFactors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ranker: implicit alternating least squares (Hu, Koren and Volinsky, "Collaborative
 * Filtering for Implicit Feedback Datasets", ICDM 2008) in the formulation of Rendle, Krichene,
 * Zhang and Koren, "Revisiting the Performance of iALS on Item Recommendation Benchmarks"
 * (RecSys 2022). With {@code ŷ(u,i) = w_u·h_i}, interactions {@code S} (which ratings count is
 * {@link AlsParameters.Interactions}) and confidences {@code c_ui} (1, or growing with the rating):
 * <pre>
 *   L(W, H) = Σ_{(u,i)∈S} c_ui (ŷ(u,i) − 1)²  +  α₀ Σ_u Σ_i ŷ(u,i)²
 *           + λ ( Σ_u (|I_u| + α₀|I|)^ν ‖w_u‖²  +  Σ_i (|U_i| + α₀|U|)^ν ‖h_i‖² )
 * </pre>
 * Observed pairs are pulled to 1, every pair is pushed to 0 with weight α₀, and each row's
 * regularisation grows with how much data it has (frequency scaling, ν = 1 by default). With H
 * fixed, each user's best vector solves a k×k system:
 * <pre>
 *   (Σ_{i∈I_u} c_ui h_i h_iᵀ + α₀ HᵀH + λ_u I) w_u = Σ_{i∈I_u} c_ui h_i
 * </pre>
 * where the Gramian {@code HᵀH} is computed once per half-epoch, so the all-pairs term costs k²
 * per row instead of |I|·k. An epoch solves every user, then every item the same way. Vectors
 * start from N(0, (0.1/√k)²).
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
 *
 * <p><b>Model selection.</b> A seeded slice of the interactions is held back; after each epoch
 * the ranking the endpoint would serve is scored on it (NDCG@10 over users with a relevant held-out
 * rating, all their unrated items as candidates). α₀ and λ are searched jointly, as they interact
 * (a row's penalty is {@code λ(n + α₀N)^ν}) and their best values depend on the data's size and
 * sparsity: every pair of the candidates is probed for {@value #PROBE_EPOCHS} epochs, then half steps
 * around the best (α₀ by √3, λ by 2) for as long as one does better (at most {@value #REFINE_ROUNDS}
 * rounds), the best {@value #FINALISTS} are trained to convergence (patience), and the pair and epoch count with the best
 * NDCG@10 are kept; with {@code refit} the ranker is then trained from the start on all
 * interactions with them. The manifest lists every setting tried and its validation NDCG@10.
 */
public final class AlsTrainer {

    public static final String ALGORITHM = "ials";
    static final int SELECTION_K = 10;
    /** Epochs each setting of the search gets before the best few are trained to convergence. */
    static final int PROBE_EPOCHS = 3;
    /** Settings trained to convergence after the probes. */
    static final int FINALISTS = 2;
    /** Rounds of half steps around the best probe. */
    static final int REFINE_ROUNDS = 3;

    private static final int CHUNK = 32;

    /**
     * @param ratings      the training ratings, indexed as the rating model's trainer indexes them
     *                     ({@link Dataset#compacted()}), so the two models' rows match
     * @param listener     told about every finished epoch
     * @param cancellation polled between chunks of rows
     */
    public RankerResult train(Dataset ratings, AlsParameters p, TrainingListener listener, Cancellation cancellation) {
        Dataset all = ratings.compacted();
        p.checkFits(all.users().size(), all.items().size());
        ExecutorService pool = p.threads() == 1
                ? null
                : Executors.newFixedThreadPool(p.threads(), runnable -> {
                    Thread thread = new Thread(runnable, "ials-worker");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Setting> grid = new ArrayList<>();
            for (double alpha : p.unobservedWeights()) {
                for (double lambda : p.regularization()) {
                    grid.add(new Setting(alpha, lambda));
                }
            }
            if (p.validationFraction() == 0) {
                Setting only = grid.get(0);
                Run run = fit(all, null, p.epochs(), false, p, only, listener, cancellation, pool);
                return run.result(all, p, run, only, List.of());
            }
            Split split =
                    new SplitStrategy.Random(1 - p.validationFraction()).apply(all, TrainingState.mix(p.seed(), 7, 0));
            List<EpochReport> reports = new ArrayList<>();
            long nanos = 0;
            List<RankerEvaluation.Candidate> tried = new ArrayList<>();
            // Coarse: every setting for a few epochs, which orders them as their full runs would.
            List<Scored> probed = new ArrayList<>();
            if (grid.size() > 1) {
                for (Setting setting : grid) {
                    Run probe = fit(
                            split.train(), split.test(), PROBE_EPOCHS, false, p, setting, listener, cancellation, pool);
                    reports.addAll(probe.reports);
                    nanos += probe.nanos;
                    probed.add(new Scored(setting, probe.bestNdcg));
                    tried.add(new RankerEvaluation.Candidate(
                            setting.alpha(), setting.lambda(), probe.reports.size(), finite(probe.bestNdcg), false));
                }
                probed.sort(BEST_FIRST);
                // Fine: half steps around the best, walking on while a neighbour does better.
                for (int round = 0; round < REFINE_ROUNDS; round++) {
                    Scored best = probed.get(0);
                    boolean improved = false;
                    for (Setting neighbour : best.setting().neighbours()) {
                        if (probed.stream().anyMatch(scored -> scored.setting().equals(neighbour))) {
                            continue;
                        }
                        Run probe = fit(
                                split.train(),
                                split.test(),
                                PROBE_EPOCHS,
                                false,
                                p,
                                neighbour,
                                listener,
                                cancellation,
                                pool);
                        reports.addAll(probe.reports);
                        nanos += probe.nanos;
                        probed.add(new Scored(neighbour, probe.bestNdcg));
                        tried.add(new RankerEvaluation.Candidate(
                                neighbour.alpha(),
                                neighbour.lambda(),
                                probe.reports.size(),
                                finite(probe.bestNdcg),
                                false));
                        improved |= probe.bestNdcg > best.ndcg();
                    }
                    probed.sort(BEST_FIRST);
                    if (!improved) {
                        break;
                    }
                }
            } else {
                probed.add(new Scored(grid.get(0), Double.NaN));
            }
            // Fine: the best few trained to convergence (early stopping on the same slice).
            Run best = null;
            Setting bestSetting = null;
            for (int f = 0; f < Math.min(FINALISTS, probed.size()); f++) {
                Setting setting = probed.get(f).setting;
                Run full =
                        fit(split.train(), split.test(), p.epochs(), false, p, setting, listener, cancellation, pool);
                reports.addAll(full.reports);
                nanos += full.nanos;
                tried.add(new RankerEvaluation.Candidate(
                        setting.alpha(), setting.lambda(), full.bestEpoch, finite(full.bestNdcg), true));
                if (best == null || full.bestNdcg > best.bestNdcg) {
                    best = full;
                    bestSetting = setting;
                }
            }
            Run result = best;
            if (p.refit()) {
                result = fit(all, null, best.bestEpoch, true, p, bestSetting, listener, cancellation, pool);
                reports.addAll(result.reports);
                nanos += result.nanos;
            }
            result.reports.clear();
            result.reports.addAll(reports);
            result.nanos = nanos;
            return result.result(all, p, best, bestSetting, tried);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** One training pass and what it found. */
    private static final class Run {
        final List<EpochReport> reports = new ArrayList<>();
        float[] userFactors;
        float[] itemFactors;
        int bestEpoch;
        double bestNdcg = Double.NaN;
        long nanos;

        /** The factors of this run, described by the selection run that chose its setting and epoch count. */
        RankerResult result(
                Dataset all, AlsParameters p, Run selection, Setting setting, List<RankerEvaluation.Candidate> tried) {
            RankerEvaluation evaluation = new RankerEvaluation(
                    Double.isFinite(selection.bestNdcg) ? selection.bestNdcg : null,
                    selection.bestEpoch,
                    nanos / 1e9,
                    tried.isEmpty() ? null : List.copyOf(tried));
            // The manifest names the α₀ and λ the factors were trained with: what fold-in must use.
            Map<String, Object> hyperparameters = new java.util.LinkedHashMap<>(p.with(Map.of(
                            "unobservedWeights", List.of(setting.alpha()), "regularization", List.of(setting.lambda())))
                    .asMap());
            hyperparameters.put("unobservedWeight", setting.alpha());
            hyperparameters.put("regularization", setting.lambda());
            hyperparameters.put("unobservedWeightCandidates", p.unobservedWeights());
            hyperparameters.put("regularizationCandidates", p.regularization());
            RankerManifest manifest = new RankerManifest(ALGORITHM, p.factors(), hyperparameters, evaluation);
            RankingFactors factors =
                    new RankingFactors(manifest, all.users().size(), all.items().size(), userFactors, itemFactors);
            return new RankerResult(
                    factors, reports, selection.bestEpoch, selection.bestNdcg, setting.alpha(), nanos / 1e9);
        }
    }

    /** One point of the search: α₀ and λ. */
    record Setting(double alpha, double lambda) {

        /** Half steps in log scale (α₀ by √3, λ by 2), within the parameters' bounds, to 3 digits. */
        List<Setting> neighbours() {
            List<Setting> result = new ArrayList<>();
            for (double a : new double[] {alpha * Math.sqrt(3), alpha / Math.sqrt(3)}) {
                if (a > 0 && a <= 1e3) {
                    result.add(new Setting(round(a), lambda));
                }
            }
            for (double l : new double[] {lambda * 2, lambda / 2}) {
                if (l > 0 && l <= 10) {
                    result.add(new Setting(alpha, round(l)));
                }
            }
            return result;
        }

        private static double round(double value) {
            return new java.math.BigDecimal(value)
                    .round(new java.math.MathContext(3))
                    .doubleValue();
        }
    }

    private record Scored(Setting setting, double ndcg) {}

    private static final Comparator<Scored> BEST_FIRST =
            Comparator.comparingDouble(Scored::ndcg).reversed();

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Run fit(
            Dataset fit,
            Dataset validation,
            int epochs,
            boolean refit,
            AlsParameters p,
            Setting setting,
            TrainingListener listener,
            Cancellation cancellation,
            ExecutorService pool) {
        int users = fit.users().size();
        int items = fit.items().size();
        int k = p.factors();
        Interactions byUser = Interactions.byUser(fit, p);
        Interactions byItem = byUser.transposed(items);
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
            Interactions rows,
            float[] other,
            float[] otherGram,
            int otherCount,
            AlsParameters p,
            Setting setting,
            int epoch,
            Cancellation cancellation,
            ExecutorService pool) {
        int k = p.factors();
        int chunks = (rows.count() + CHUNK - 1) / CHUNK;
        AtomicInteger next = new AtomicInteger();
        int sparseRows = 0;
        for (int row = 0; row < rows.count(); row++) {
            int n = rows.start[row + 1] - rows.start[row];
            if (n > 0 && n <= SparseRowSolver.maxInteractions(k)) {
                sparseRows++;
            }
        }
        // The eigenbasis costs ~20 k³ (Jacobi) + |other|·k² (rotation); each sparse row saves ~k³/6.
        EigenBasis basis = sparseRows * (long) k > 6L * (20L * k + otherCount)
                ? EigenBasis.of(otherGram, other, otherCount, k)
                : null;
        Callable<Void> worker = () -> {
            RowSolver solver =
                    new RowSolver(k, otherGram, setting.alpha(), setting.lambda(), p.frequencyExponent(), otherCount);
            SparseRowSolver sparse = basis == null
                    ? null
                    : new SparseRowSolver(basis, setting.alpha(), setting.lambda(), p.frequencyExponent(), otherCount);
            for (int chunk = next.getAndIncrement(); chunk < chunks; chunk = next.getAndIncrement()) {
                if (cancellation.isCancelled()) {
                    throw new TrainingCancelledException(epoch);
                }
                int end = Math.min(rows.count(), (chunk + 1) * CHUNK);
                for (int row = chunk * CHUNK; row < end; row++) {
                    if (sparse != null && rows.start[row + 1] - rows.start[row] <= SparseRowSolver.maxInteractions(k)) {
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

    /**
     * The k×k solve of one row, with its own scratch space (one per thread). Shared with fold-in,
     * which re-solves one user against a trained item side exactly as training would.
     */
    public static final class RowSolver {
        private final int k;
        private final float[] gram;
        private final double unobservedWeight;
        private final double regularization;
        private final double exponent;
        private final int otherCount;
        private final float[] outer;
        private final float[] rhs;
        private final double[] system;
        private final double[] solution;

        /**
         * @param gram       {@code XᵀX} of the fixed side ({@code k × k})
         * @param otherCount rows of the fixed side (|I| when solving users)
         */
        public RowSolver(
                int k, float[] gram, double unobservedWeight, double regularization, double exponent, int otherCount) {
            this.k = k;
            this.gram = gram;
            this.unobservedWeight = unobservedWeight;
            this.regularization = regularization;
            this.exponent = exponent;
            this.otherCount = otherCount;
            this.outer = new float[k * k];
            this.rhs = new float[k];
            this.system = new double[k * k];
            this.solution = new double[k];
        }

        void solve(Interactions rows, int row, float[] other, float[] target) {
            int from = rows.start[row];
            int to = rows.start[row + 1];
            solve(rows.other, rows.weight, from, to, other, target, row * k);
        }

        /**
         * Writes into {@code target[targetOffset ..)} the vector that best explains the
         * interactions {@code others[from..to)} (rows of {@code other}) with confidences
         * {@code weights}; an empty row gets the zero vector.
         */
        public void solve(
                int[] others, float[] weights, int from, int to, float[] other, float[] target, int targetOffset) {
            if (to == from) {
                java.util.Arrays.fill(target, targetOffset, targetOffset + k, 0f);
                return;
            }
            build(others, weights, from, to, other);
            for (int i = 0; i < k; i++) {
                solution[i] = rhs[i];
            }
            if (!Cholesky.solve(system, solution, k)) {
                throw new TrainingException("a ranker row system is not positive definite; raise its regularization");
            }
            for (int i = 0; i < k; i++) {
                target[targetOffset + i] = (float) solution[i];
            }
        }

        /**
         * The row's system matrix {@code A = Σ c_j y_j y_jᵀ + α₀ XᵀX + λ_u I} (lower triangle, row-major,
         * a copy), whose solution against {@code Σ c_j y_j} {@link #solve} returns: what explains a
         * row's score item by item ({@link FoldIn#attributeRanker}).
         */
        public double[] system(int[] others, float[] weights, int from, int to, float[] other) {
            build(others, weights, from, to, other);
            return system.clone();
        }

        private void build(int[] others, float[] weights, int from, int to, float[] other) {
            int n = to - from;
            java.util.Arrays.fill(outer, 0f);
            java.util.Arrays.fill(rhs, 0f);
            for (int at = from; at < to; at++) {
                int offset = others[at] * k;
                float c = weights[at];
                Gramian.addOuterLower(outer, c, other, offset, k);
                Vectors.axpy(c, other, offset, rhs, 0, k);
            }
            double lambda = regularization * Math.pow(n + unobservedWeight * otherCount, exponent);
            for (int i = 0; i < k * k; i++) {
                system[i] = outer[i] + unobservedWeight * gram[i];
            }
            for (int i = 0; i < k; i++) {
                system[i * k + i] += lambda;
            }
        }
    }

    /**
     * The fixed side in the eigenbasis of its Gramian, {@code HᵀH = V diag(d) Vᵀ}: the rows of
     * {@code H V}. Computed once per half-epoch for {@link SparseRowSolver}.
     */
    record EigenBasis(int k, double[] values, double[] vectors, float[] rotated) {

        static EigenBasis of(float[] gram, float[] other, int otherCount, int k) {
            io.mfrecommender.linalg.SymmetricEigen eigen = io.mfrecommender.linalg.SymmetricEigen.of(gram, k);
            float[] v = new float[k * k];
            for (int i = 0; i < k * k; i++) {
                v[i] = (float) eigen.vectors()[i];
            }
            float[] rotated = new float[otherCount * k];
            for (int j = 0; j < otherCount; j++) {
                for (int g = 0; g < k; g++) {
                    Vectors.axpy(other[j * k + g], v, g * k, rotated, j * k, k);
                }
            }
            return new EigenBasis(k, eigen.values(), eigen.vectors(), rotated);
        }
    }

    /**
     * The same row solve as {@link RowSolver} for rows with few interactions (n ≤ k/4, most rows of
     * sparse data such as the embedded MovieTweetings), by the Woodbury identity in the Gramian's
     * eigenbasis. There {@code B = α₀ HᵀH + λ_u I} is diagonal, {@code β = α₀ d + λ_u}, and with the
     * row's rotated vectors {@code X'} (n × k) and confidences {@code C}:
     * <pre>
     *   t = B⁻¹ X'ᵀ c,   S = C⁻¹ + X' B⁻¹ X'ᵀ (n × n),   w' = t − B⁻¹ X'ᵀ S⁻¹ X' t,   w = V w'
     * </pre>
     * about (n² + 4n)·k + k² operations against k³/6 + n·k²/2 for the k×k Cholesky path.
     */
    static final class SparseRowSolver {
        private final EigenBasis basis;
        private final double unobservedWeight;
        private final double regularization;
        private final double exponent;
        private final int otherCount;
        private final double[] beta;
        private final double[] t;
        private final double[] rotatedW;

        SparseRowSolver(
                EigenBasis basis, double unobservedWeight, double regularization, double exponent, int otherCount) {
            this.basis = basis;
            this.unobservedWeight = unobservedWeight;
            this.regularization = regularization;
            this.exponent = exponent;
            this.otherCount = otherCount;
            this.beta = new double[basis.k()];
            this.t = new double[basis.k()];
            this.rotatedW = new double[basis.k()];
        }

        /** Beyond k/4 the n² k scalar terms cost more than the SIMD-built k×k Cholesky path. */
        static int maxInteractions(int k) {
            return Math.max(1, k / 4);
        }

        void solve(int[] others, float[] weights, int from, int to, float[] target, int targetOffset) {
            int k = basis.k();
            int n = to - from;
            if (n == 0) {
                java.util.Arrays.fill(target, targetOffset, targetOffset + k, 0f);
                return;
            }
            float[] x = basis.rotated();
            double lambda = regularization * Math.pow(n + unobservedWeight * otherCount, exponent);
            java.util.Arrays.fill(t, 0);
            for (int f = 0; f < k; f++) {
                beta[f] = unobservedWeight * basis.values()[f] + lambda;
            }
            for (int a = from; a < to; a++) {
                int row = others[a] * k;
                double c = weights[a];
                for (int f = 0; f < k; f++) {
                    t[f] += c * x[row + f];
                }
            }
            for (int f = 0; f < k; f++) {
                t[f] /= beta[f];
            }
            double[] s = new double[n * n];
            double[] rhs = new double[n];
            for (int i = 0; i < n; i++) {
                int ri = others[from + i] * k;
                double dotT = 0;
                for (int f = 0; f < k; f++) {
                    dotT += x[ri + f] * t[f];
                }
                rhs[i] = dotT;
                for (int j = 0; j <= i; j++) {
                    int rj = others[from + j] * k;
                    double sum = 0;
                    for (int f = 0; f < k; f++) {
                        sum += x[ri + f] * (double) x[rj + f] / beta[f];
                    }
                    s[i * n + j] = sum;
                }
                s[i * n + i] += 1 / weights[from + i];
            }
            if (!Cholesky.solve(s, rhs, n)) {
                throw new TrainingException("a ranker row system is not positive definite; raise its regularization");
            }
            for (int f = 0; f < k; f++) {
                rotatedW[f] = t[f];
            }
            for (int i = 0; i < n; i++) {
                int ri = others[from + i] * k;
                double y = rhs[i];
                for (int f = 0; f < k; f++) {
                    rotatedW[f] -= y * x[ri + f] / beta[f];
                }
            }
            double[] v = basis.vectors();
            for (int g = 0; g < k; g++) {
                double sum = 0;
                for (int f = 0; f < k; f++) {
                    sum += v[g * k + f] * rotatedW[f];
                }
                target[targetOffset + g] = (float) sum;
            }
        }
    }

    /** The objective per interaction, with {@code userGram = WᵀW} and {@code itemGram = HᵀH} of the current factors. */
    private static double loss(
            float[] w,
            float[] h,
            Interactions byUser,
            float[] itemGram,
            float[] userGram,
            Interactions byItem,
            AlsParameters p,
            Setting setting) {
        int k = p.factors();
        double observed = 0;
        for (int u = 0; u < byUser.count(); u++) {
            for (int at = byUser.start[u]; at < byUser.start[u + 1]; at++) {
                double error = Vectors.dot(w, u * k, h, byUser.other[at] * k, k) - 1;
                observed += byUser.weight[at] * error * error;
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
            float[] x, Interactions rows, int otherCount, AlsParameters p, Setting setting) {
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
        RankerManifest manifest = new RankerManifest(ALGORITHM, k, Map.of(), RankerEvaluation.NONE);
        RankingFactors current =
                new RankingFactors(manifest, fit.users().size(), fit.items().size(), w, h);
        try (BatchScorer scorer = BatchScorer.ranker(current, Evaluator.RANKING_BATCH)) {
            RankingMetrics metrics = Evaluator.ranking(
                    scorer::score, fit.users(), fit.items(), fit.scale(), fit, validation, SELECTION_K);
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

    /**
     * The interactions of each row (user or item) in compressed sparse rows: row {@code r}'s
     * counterparts are {@code other[start[r] .. start[r+1])}, with confidences {@code weight}.
     */
    static final class Interactions {
        final int[] start;
        final int[] other;
        final float[] weight;

        Interactions(int[] start, int[] other, float[] weight) {
            this.start = start;
            this.other = other;
            this.weight = weight;
        }

        int count() {
            return start.length - 1;
        }

        int size() {
            return other.length;
        }

        /** Rows of {@code data} are sorted by user, so the user-side index is a filter of them. */
        static Interactions byUser(Dataset data, AlsParameters p) {
            ConfidenceRule rule = ConfidenceRule.of(p, data.scale());
            int users = data.users().size();
            int[] start = new int[users + 1];
            int n = 0;
            for (int row = 0; row < data.size(); row++) {
                if (rule.counts(data.rating(row))) {
                    start[data.userIndex(row) + 1]++;
                    n++;
                }
            }
            for (int u = 0; u < users; u++) {
                start[u + 1] += start[u];
            }
            int[] items = new int[n];
            float[] weights = new float[n];
            int at = 0;
            for (int row = 0; row < data.size(); row++) {
                float r = data.rating(row);
                if (rule.counts(r)) {
                    items[at] = data.itemIndex(row);
                    weights[at++] = rule.confidence(r);
                }
            }
            return new Interactions(start, items, weights);
        }

        /** The same interactions indexed by the other side, each row's counterparts in ascending order. */
        Interactions transposed(int otherCount) {
            int[] tStart = SgdTrainer.Blocks.offsets(other, otherCount);
            int[] cursor = java.util.Arrays.copyOf(tStart, otherCount);
            int[] tOther = new int[other.length];
            float[] tWeight = new float[other.length];
            for (int r = 0; r < count(); r++) {
                for (int at = start[r]; at < start[r + 1]; at++) {
                    int position = cursor[other[at]]++;
                    tOther[position] = r;
                    tWeight[position] = weight[at];
                }
            }
            return new Interactions(tStart, tOther, tWeight);
        }
    }
}
