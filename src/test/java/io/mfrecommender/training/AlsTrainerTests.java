package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.EventTable;
import io.mfrecommender.data.Split;
import io.mfrecommender.data.SplitStrategy;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.model.BatchScorer;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.RankerEvaluation;
import io.mfrecommender.model.RankingFactors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlsTrainerTests {

    /**
     * One row against three fixed items h₁ = (1, 0), h₂ = (0, 1), h₃ = (1, 1), so the Gramian is
     * G = HᵀH = [[2, 1], [1, 2]]. The row chose items 1 and 3; α₀ = 0.5, λ = 0.1, ν = 1, |I| = 3:
     * <pre>
     *   λ_u = 0.1 · (2 + 0.5 · 3) = 0.35
     *   Σ h hᵀ = [[1, 0], [0, 0]] + [[1, 1], [1, 1]] = [[2, 1], [1, 1]]
     *   A = Σ h hᵀ + α₀ G + λ_u I = [[3.35, 1.5], [1.5, 2.35]],   b = h₁ + h₃ = (2, 1)
     *   det A = 3.35 · 2.35 − 1.5² = 5.6225
     *   w = A⁻¹ b = (2.35 · 2 − 1.5 · 1, −1.5 · 2 + 3.35 · 1) / 5.6225 = (3.2, 0.35) / 5.6225
     *     = (0.569142, 0.062250)
     * </pre>
     * With confidence 2 on item 3: Σ c h hᵀ = [[3, 2], [2, 2]], b = (3, 2), A = [[4.35, 2.5], [2.5, 3.35]],
     * det = 8.3225, w = (3.35 · 3 − 2.5 · 2, −2.5 · 3 + 4.35 · 2) / 8.3225 = (0.606789, 0.144187);
     * λ_u counts interactions, not confidence, so it stays 0.35.
     */
    @Test
    void solvesARowAsComputedByHand() {
        float[] items = {1, 0, 0, 1, 1, 1};
        float[] gram = {2, 1, 1, 2};
        AlsRowSolver solver = new AlsRowSolver(2, gram, 0.5, 0.1, 1.0, 3);
        float[] target = new float[2];
        solver.solve(new int[] {0, 2}, new float[] {1, 1}, 0, 2, items, target, 0);
        assertThat(target[0]).isCloseTo(3.2f / 5.6225f, within(1e-6f));
        assertThat(target[1]).isCloseTo(0.35f / 5.6225f, within(1e-6f));
        solver.solve(new int[] {0, 2}, new float[] {1, 2}, 0, 2, items, target, 0);
        assertThat(target[0]).isCloseTo(5.05f / 8.3225f, within(1e-6f));
        assertThat(target[1]).isCloseTo(1.2f / 8.3225f, within(1e-6f));
        solver.solve(new int[] {0, 2}, new float[] {1, 1}, 1, 1, items, target, 0);
        assertThat(target).as("a row without interactions is the zero vector").containsExactly(0f, 0f);
    }

    /** The Woodbury path for sparse rows gives the Cholesky path's vector, for every row size it takes. */
    @Test
    void sparseRowsSolvedInTheEigenbasisMatchTheCholeskySolve() {
        SplittableRandom random = new SplittableRandom(8);
        int k = 16;
        int items = 200;
        float[] h = new float[items * k];
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) (0.3 * random.nextGaussian());
        }
        float[] gram = Gramian.of(h, items, k);
        AlsSparseRowSolver.EigenBasis basis = AlsSparseRowSolver.EigenBasis.of(gram, h, items, k);
        AlsRowSolver exact = new AlsRowSolver(k, gram, 0.7, 0.02, 1.0, items);
        AlsSparseRowSolver sparse = new AlsSparseRowSolver(basis, 0.7, 0.02, 1.0, items);
        for (int n = 1; n <= AlsSparseRowSolver.maxInteractions(k); n++) {
            int[] others = random.ints(0, items).distinct().limit(n).sorted().toArray();
            float[] weights = new float[n];
            for (int i = 0; i < n; i++) {
                weights[i] = (float) (1 + 3 * random.nextDouble());
                if (i == n - 1 && n > 1) {
                    weights[i] = -weights[i]; // an observed zero ("not interested") takes the same path
                }
            }
            float[] expected = new float[k];
            float[] actual = new float[k];
            exact.solve(others, weights, 0, n, h, expected, 0);
            sparse.solve(others, weights, 0, n, actual, 0);
            for (int f = 0; f < k; f++) {
                assertThat(actual[f]).as("n=%d f=%d", n, f).isCloseTo(expected[f], within(1e-5f));
            }
        }
    }

    @Test
    void theGramianIsXTransposeX() {
        assertThat(Gramian.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2)).containsExactly(2, 1, 1, 2);
    }

    private static final Dataset DATA = new SyntheticRatings(400, 300, 12_000, 4, 0.5, 0.6, 0.8, 3).generate();

    private static AlsParameters params() {
        return AlsParameters.defaults()
                .with(Map.of(
                        "factors",
                        8,
                        "epochs",
                        6,
                        "threads",
                        2,
                        "patience",
                        6,
                        "unobservedWeights",
                        List.of(0.3),
                        "regularization",
                        List.of(0.02)));
    }

    @Test
    void sameSeedGivesTheSameFactorsWhateverTheThreadCount() {
        RankerResult a = new AlsTrainer().train(DATA, params(), TrainingListener.NONE, Cancellation.NONE);
        RankerResult b = new AlsTrainer().train(DATA, params(), TrainingListener.NONE, Cancellation.NONE);
        RankerResult single = new AlsTrainer()
                .train(DATA, params().with(Map.of("threads", 1)), TrainingListener.NONE, Cancellation.NONE);
        for (int u = 0; u < DATA.compacted().users().size(); u += 37) {
            assertThat(a.factors().userVector(u)).isEqualTo(b.factors().userVector(u));
            assertThat(single.factors().userVector(u)).isEqualTo(a.factors().userVector(u));
        }
        RankerResult other = new AlsTrainer()
                .train(DATA, params().with(Map.of("seed", 9)), TrainingListener.NONE, Cancellation.NONE);
        assertThat(other.factors().itemVector(0)).isNotEqualTo(a.factors().itemVector(0));
    }

    /**
     * Events through training: none leaves the factors as they were, bit for bit; one view of every
     * rated pair under {@code interactions: events} counts each pair once, as {@code all} does, so the
     * factors are the same; a play on top of a rating raises the pair's score; a dismissed movie's
     * score falls.
     */
    @Test
    void eventsCountByTheRuleFoldInApplies() {
        RankerResult plain = new AlsTrainer().train(DATA, params(), TrainingListener.NONE, Cancellation.NONE);
        RankerResult none = new AlsTrainer()
                .train(
                        DATA,
                        EventTable.EMPTY,
                        EventWeights.DEFAULTS,
                        params(),
                        TrainingListener.NONE,
                        Cancellation.NONE);
        for (int i = 0; i < plain.factors().items(); i++) {
            assertThat(none.factors().itemVector(i)).isEqualTo(plain.factors().itemVector(i));
        }

        EventTable.Builder views = new EventTable.Builder();
        for (int row = 0; row < DATA.size(); row++) {
            views.add(DATA.userId(row), DATA.itemId(row), "view", 1, DATA.timestamp(row));
        }
        AlsParameters all = params().with(Map.of("interactions", "all", "validationFraction", 0.0));
        AlsParameters eventsOnly = params().with(Map.of("interactions", "events", "validationFraction", 0.0));
        RankerResult counted = new AlsTrainer().train(DATA, all, TrainingListener.NONE, Cancellation.NONE);
        RankerResult fromEvents = new AlsTrainer()
                .train(
                        DATA,
                        views.build(),
                        EventWeights.DEFAULTS.withHalfLife(0), // views of many days: no decay here
                        eventsOnly,
                        TrainingListener.NONE,
                        Cancellation.NONE);
        for (int i = 0; i < counted.factors().items(); i++) {
            float[] expected = counted.factors().itemVector(i);
            float[] actual = fromEvents.factors().itemVector(i);
            for (int f = 0; f < expected.length; f++) {
                assertThat(actual[f]).as("item %d factor %d", i, f).isCloseTo(expected[f], within(1e-5f));
            }
        }

        // User 0 of the compacted data: dismissing the movie they score highest among their own, and
        // playing the one they score lowest, moves the two the documented ways.
        Dataset compact = DATA.compacted();
        long user = compact.users().idOf(0);
        int[] offsets = compact.userOffsets();
        int best = -1;
        int worst = -1;
        for (int row = offsets[0]; row < offsets[1]; row++) {
            int item = compact.itemIndex(row);
            double score =
                    dot(counted.factors().userVector(0), counted.factors().itemVector(item));
            if (best < 0
                    || score
                            > dot(
                                    counted.factors().userVector(0),
                                    counted.factors().itemVector(best))) {
                best = item;
            }
            if (worst < 0
                    || score
                            < dot(
                                    counted.factors().userVector(0),
                                    counted.factors().itemVector(worst))) {
                worst = item;
            }
        }
        EventTable told = new EventTable.Builder()
                .add(user, compact.items().idOf(best), "not-interested", 1, 0)
                .add(user, compact.items().idOf(worst), "play", 3, 0)
                .build();
        RankerResult steered = new AlsTrainer()
                .train(DATA, told, EventWeights.DEFAULTS, all, TrainingListener.NONE, Cancellation.NONE);
        float[] w = steered.factors().userVector(0);
        assertThat(dot(w, steered.factors().itemVector(best)))
                .isLessThan(
                        dot(counted.factors().userVector(0), counted.factors().itemVector(best)));
        assertThat(dot(w, steered.factors().itemVector(worst)))
                .isGreaterThan(
                        dot(counted.factors().userVector(0), counted.factors().itemVector(worst)));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int f = 0; f < a.length; f++) {
            sum += a[f] * b[f];
        }
        return sum;
    }

    /** A whole version, rating model and ranker, saved twice from the same seed: the same bytes. */
    @Test
    void sameSeedAndThreadsGiveIdenticalVersionFiles(@TempDir Path dir) throws IOException {
        ModelRecipe recipe =
                new ModelRecipe(SgdParameters.defaults().with(Map.of("factors", 8, "epochs", 10)), params());
        ModelStore store = new ModelStore(dir);
        String first = store.save(new VersionTrainer()
                        .train(DATA, recipe, TrainingListener.NONE, Cancellation.NONE)
                        .model())
                .version();
        String second = store.save(new VersionTrainer()
                        .train(DATA, recipe, TrainingListener.NONE, Cancellation.NONE)
                        .model())
                .version();
        for (String file : List.of("ranking-user-factors.npy", "ranking-item-factors.npy", "user-factors.npy")) {
            assertThat(Files.readAllBytes(dir.resolve(first).resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(dir.resolve(second).resolve(file)));
        }
    }

    /** Each half-epoch solves its rows exactly, so the objective never rises within a pass. */
    @Test
    void reportsEveryEpochWithAnObjectiveThatNeverRises() {
        List<EpochReport> reports = new ArrayList<>();
        RankerResult result = new AlsTrainer().train(DATA, params(), reports::add, Cancellation.NONE);
        List<EpochReport> selection = reports.stream().filter(r -> !r.refit()).toList();
        assertThat(selection)
                .hasSize(6)
                .allMatch(r -> r.model().equals(EpochReport.RANKER)
                        && Double.isFinite(r.validationNdcg())
                        && Double.isNaN(r.validationRmse()));
        for (int e = 1; e < selection.size(); e++) {
            assertThat(selection.get(e).trainLoss())
                    .isLessThanOrEqualTo(selection.get(e - 1).trainLoss() * (1 + 1e-5));
        }
        assertThat(reports.stream().filter(EpochReport::refit)).hasSize(result.bestEpoch());
        assertThat(result.validationNdcg())
                .isEqualTo(selection.stream()
                        .mapToDouble(EpochReport::validationNdcg)
                        .max()
                        .orElseThrow());
        assertThat(result.factors().manifest().evaluation().bestEpoch()).isEqualTo(result.bestEpoch());
    }

    /**
     * α₀ and λ are searched jointly: every pair is probed, half steps are tried around the best, the
     * best two are trained to convergence, and the best of those is refitted and recorded with every
     * setting tried.
     */
    @Test
    void searchesUnobservedWeightAndRegularizationJointlyAndRecordsEverySetting() {
        List<Double> weights = List.of(0.03, 0.3, 3.0);
        List<Double> lambdas = List.of(0.005, 0.05);
        RankerResult result = new AlsTrainer()
                .train(
                        DATA,
                        params().with(Map.of("unobservedWeights", weights, "regularization", lambdas)),
                        TrainingListener.NONE,
                        Cancellation.NONE);
        List<RankerEvaluation.Candidate> search =
                result.factors().manifest().evaluation().search();
        List<RankerEvaluation.Candidate> probes =
                search.stream().filter(c -> !c.finalist()).toList();
        List<RankerEvaluation.Candidate> finalists =
                search.stream().filter(RankerEvaluation.Candidate::finalist).toList();
        assertThat(probes.subList(0, 6))
                .extracting(c -> List.of(c.unobservedWeight(), c.regularization()))
                .containsExactly(
                        List.of(0.03, 0.005), List.of(0.03, 0.05),
                        List.of(0.3, 0.005), List.of(0.3, 0.05),
                        List.of(3.0, 0.005), List.of(3.0, 0.05));
        assertThat(probes).allMatch(c -> c.epochs() == AlsTrainer.PROBE_EPOCHS && c.validationNdcg() != null);
        // The finalists are the two best probes, in order.
        List<RankerEvaluation.Candidate> bestProbes = probes.stream()
                .sorted(Comparator.comparingDouble(RankerEvaluation.Candidate::validationNdcg)
                        .reversed())
                .limit(2)
                .toList();
        assertThat(finalists)
                .extracting(c -> List.of(c.unobservedWeight(), c.regularization()))
                .containsExactlyElementsOf(bestProbes.stream()
                        .map(c -> List.of(c.unobservedWeight(), c.regularization()))
                        .toList());
        RankerEvaluation.Candidate winner = finalists.stream()
                .max(Comparator.comparingDouble(RankerEvaluation.Candidate::validationNdcg))
                .orElseThrow();
        assertThat(result.validationNdcg()).isEqualTo(winner.validationNdcg());
        assertThat(result.unobservedWeight()).isEqualTo(winner.unobservedWeight());
        assertThat(result.factors().manifest().hyperparameters())
                .containsEntry("unobservedWeight", winner.unobservedWeight())
                .containsEntry("regularization", winner.regularization())
                .containsEntry("unobservedWeightCandidates", weights)
                .containsEntry("regularizationCandidates", lambdas);
    }

    @Test
    void aSelectionPassStopsAfterPatienceEpochsWithoutProgress() {
        List<EpochReport> reports = new ArrayList<>();
        RankerResult result = new AlsTrainer()
                .train(DATA, params().with(Map.of("epochs", 40, "patience", 2)), reports::add, Cancellation.NONE);
        long selection = reports.stream().filter(r -> !r.refit()).count();
        assertThat(selection).isLessThan(40).isEqualTo(result.bestEpoch() + 2);
    }

    /**
     * Where users rate what they like, the ranker beats a most-rated list on held-out choices. (In
     * {@link SyntheticRatings} who rates what follows popularity alone, so there nothing can.)
     */
    @Test
    void ranksHeldOutChoicesBetterThanPopularity() {
        Split split = new SplitStrategy.Random(0.8).apply(ChoosyRaters.generate(), 5);
        Dataset train = split.train();
        RankerResult result = new AlsTrainer().train(train, params(), TrainingListener.NONE, Cancellation.NONE);
        Dataset compact = train.compacted();
        RankingFactors ranker = result.factors();
        double ndcg;
        try (BatchScorer scorer = BatchScorer.ranker(ranker, Evaluator.RANKING_BATCH)) {
            ndcg = Evaluator.ranking(
                            scorer::score, compact.users(), compact.items(), compact.scale(), train, split.test(), 10)
                    .ndcg();
        }
        float[] popular = Popularity.COUNT.scores(train, compact.items(), 10);
        double baseline = Evaluator.ranking(
                        (users, count) -> {
                            float[] scores = new float[count * popular.length];
                            for (int r = 0; r < count; r++) {
                                System.arraycopy(popular, 0, scores, r * popular.length, popular.length);
                            }
                            return scores;
                        },
                        compact.users(),
                        compact.items(),
                        compact.scale(),
                        train,
                        split.test(),
                        10)
                .ndcg();
        assertThat(ndcg).isGreaterThan(baseline + 0.02);
    }

    @Test
    void stopsWithinAnEpochWhenCancelled() {
        int[] polls = {0};
        assertThatThrownBy(() -> new AlsTrainer().train(DATA, params(), TrainingListener.NONE, () -> ++polls[0] > 3))
                .isInstanceOf(TrainingCancelledException.class);
        assertThat(polls[0]).isLessThan(40);
    }

    @Test
    void likedKeepsOnlyHighRatingsAndWeightedGrowsWithTheRating() {
        AlsInteractions liked = AlsInteractions.byUser(DATA, params().with(Map.of("interactions", "liked")));
        long high = 0;
        for (int row = 0; row < DATA.size(); row++) {
            if (DATA.rating(row) >= 4) {
                high++;
            }
        }
        assertThat((long) liked.size()).isEqualTo(high);
        AlsInteractions weighted =
                AlsInteractions.byUser(DATA, params().with(Map.of("interactions", "weighted", "ratingWeight", 2.0)));
        assertThat(weighted.size()).isEqualTo(DATA.size());
        for (int row = 0; row < 50; row++) {
            // scale 1..5: confidence 1 + 2 · (r − 1) / 4
            assertThat(weighted.weight[row]).isCloseTo(1 + 2 * (DATA.rating(row) - 1) / 4f, within(1e-6f));
        }
    }
}
