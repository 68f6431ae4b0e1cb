package io.mfrecommender.training;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.EventTable;
import io.mfrecommender.data.Split;
import io.mfrecommender.data.SplitStrategy;
import io.mfrecommender.model.RankerEvaluation;
import io.mfrecommender.model.RankerManifest;
import io.mfrecommender.model.RankingFactors;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
 * <p>One fit at one setting is {@link AlsFit}, where the work and the threads are described.
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

    /**
     * @param ratings      the training ratings, indexed as the rating model's trainer indexes them
     *                     ({@link Dataset#compacted()}), so the two models' rows match
     * @param listener     told about every finished epoch
     * @param cancellation polled between chunks of rows
     */
    public RankerResult train(Dataset ratings, AlsParameters p, TrainingListener listener, Cancellation cancellation) {
        return train(ratings, EventTable.EMPTY, EventWeights.DEFAULTS, p, listener, cancellation);
    }

    /**
     * The same with the users' events beside their ratings ({@link EventWeights}): events of users and
     * movies the ratings index count; the others are left to fold-in. The search validates on
     * held-out ratings with the events of those same pairs left out of its fits, so a held-out
     * rating is never learnt from an event on it.
     */
    public RankerResult train(
            Dataset ratings,
            EventTable events,
            EventWeights weights,
            AlsParameters p,
            TrainingListener listener,
            Cancellation cancellation) {
        Dataset all = ratings.compacted();
        EventRows allEvents = events.isEmpty()
                ? EventRows.none(all.users().size())
                : EventRows.of(events, all.users(), all.items(), weights);
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
                AlsFit.Run run =
                        AlsFit.fit(all, allEvents, null, p.epochs(), false, p, only, listener, cancellation, pool);
                return result(run, all, p, run, only, List.of());
            }
            Split split =
                    new SplitStrategy.Random(1 - p.validationFraction()).apply(all, TrainingState.mix(p.seed(), 7, 0));
            EventRows fitEvents = heldOutLeftOut(allEvents, split.test());
            List<EpochReport> reports = new ArrayList<>();
            long nanos = 0;
            List<RankerEvaluation.Candidate> tried = new ArrayList<>();
            // Coarse: every setting for a few epochs, which orders them as their full runs would.
            List<Scored> probed = new ArrayList<>();
            if (grid.size() > 1) {
                for (Setting setting : grid) {
                    AlsFit.Run probe = AlsFit.fit(
                            split.train(),
                            fitEvents,
                            split.test(),
                            PROBE_EPOCHS,
                            false,
                            p,
                            setting,
                            listener,
                            cancellation,
                            pool);
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
                        AlsFit.Run probe = AlsFit.fit(
                                split.train(),
                                fitEvents,
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
            AlsFit.Run best = null;
            Setting bestSetting = null;
            for (int f = 0; f < Math.min(FINALISTS, probed.size()); f++) {
                Setting setting = probed.get(f).setting;
                AlsFit.Run full = AlsFit.fit(
                        split.train(),
                        fitEvents,
                        split.test(),
                        p.epochs(),
                        false,
                        p,
                        setting,
                        listener,
                        cancellation,
                        pool);
                reports.addAll(full.reports);
                nanos += full.nanos;
                tried.add(new RankerEvaluation.Candidate(
                        setting.alpha(), setting.lambda(), full.bestEpoch, finite(full.bestNdcg), true));
                if (best == null || full.bestNdcg > best.bestNdcg) {
                    best = full;
                    bestSetting = setting;
                }
            }
            AlsFit.Run result = best;
            if (p.refit()) {
                result = AlsFit.fit(
                        all, allEvents, null, best.bestEpoch, true, p, bestSetting, listener, cancellation, pool);
                reports.addAll(result.reports);
                nanos += result.nanos;
            }
            result.reports.clear();
            result.reports.addAll(reports);
            result.nanos = nanos;
            return result(result, all, p, best, bestSetting, tried);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** {@code events} without the pairs {@code heldOut} holds: what the search's fits may learn from. */
    private static EventRows heldOutLeftOut(EventRows events, Dataset heldOut) {
        if (events.isEmpty()) {
            return events;
        }
        int items = heldOut.items().size();
        java.util.Set<Long> pairs = new java.util.HashSet<>();
        for (int row = 0; row < heldOut.size(); row++) {
            pairs.add((long) heldOut.userIndex(row) * items + heldOut.itemIndex(row));
        }
        return events.without(pairs::contains, items);
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
            return new BigDecimal(value).round(new MathContext(3)).doubleValue();
        }
    }

    private record Scored(Setting setting, double ndcg) {}

    private static final Comparator<Scored> BEST_FIRST =
            Comparator.comparingDouble(Scored::ndcg).reversed();

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** The factors of this run, described by the selection run that chose its setting and epoch count. */
    private static RankerResult result(
            AlsFit.Run run,
            Dataset all,
            AlsParameters p,
            AlsFit.Run selection,
            Setting setting,
            List<RankerEvaluation.Candidate> tried) {
        RankerEvaluation evaluation = new RankerEvaluation(
                Double.isFinite(selection.bestNdcg) ? selection.bestNdcg : null,
                selection.bestEpoch,
                run.nanos / 1e9,
                tried.isEmpty() ? null : List.copyOf(tried));
        // The manifest names the α₀ and λ the factors were trained with: what fold-in must use.
        Map<String, Object> hyperparameters = new LinkedHashMap<>(p.with(Map.of(
                        "unobservedWeights", List.of(setting.alpha()), "regularization", List.of(setting.lambda())))
                .asMap());
        hyperparameters.put("unobservedWeight", setting.alpha());
        hyperparameters.put("regularization", setting.lambda());
        hyperparameters.put("unobservedWeightCandidates", p.unobservedWeights());
        hyperparameters.put("regularizationCandidates", p.regularization());
        RankerManifest manifest = new RankerManifest(ALGORITHM, p.factors(), hyperparameters, evaluation);
        RankingFactors factors =
                new RankingFactors(manifest, all.users().size(), all.items().size(), run.userFactors, run.itemFactors);
        return new RankerResult(
                factors, run.reports, selection.bestEpoch, selection.bestNdcg, setting.alpha(), run.nanos / 1e9);
    }
}
