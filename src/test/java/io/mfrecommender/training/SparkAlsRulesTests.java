package io.mfrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.data.IdIndex;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelManifest;
import io.mfrecommender.model.RankerManifest;
import io.mfrecommender.model.RankingFactors;
import io.mfrecommender.model.TinyServing;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A user folded into a Spark-made version is the minimiser of Spark's objectives: the pre-step's
 * bias, and vectors whose normal equations hold. The equations are checked here by their residual,
 * summed term by term (no factorisation); the spark-trainer project checks the same vectors
 * against Spark's own user step.
 */
class SparkAlsRulesTests {

    private static final int ITEMS = 30;
    private static final int K = 4;
    private static final double LAMBDA = 0.1;
    private static final double LAMBDA_BIAS = 5;
    private static final double ALPHA = 2;
    private static final double RANKER_LAMBDA = 0.05;

    private static FactorModel sparkVersion() {
        SplittableRandom random = new SplittableRandom(5);
        float[] q = new float[ITEMS * K];
        float[] y = new float[ITEMS * K];
        float[] itemBias = new float[ITEMS];
        long[] ids = new long[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            ids[i] = 100 + i;
            itemBias[i] = (float) (random.nextDouble() - 0.5);
            for (int f = 0; f < K; f++) {
                q[i * K + f] = (float) (random.nextGaussian() * 0.5);
                y[i * K + f] = (float) (random.nextGaussian() * 0.3);
            }
        }
        ModelManifest manifest = new ModelManifest(
                ModelManifest.FORMAT_VERSION,
                "spark",
                Instant.parse("2026-01-01T00:00:00Z"),
                SparkAlsRules.RATING_ALGORITHM,
                Map.of("regularization", LAMBDA, "userBiasRegularization", LAMBDA_BIAS),
                1,
                "synthetic",
                "none",
                1,
                ITEMS,
                K,
                100,
                5.0,
                0,
                10,
                null,
                "test",
                null,
                0,
                null);
        FactorModel model = new FactorModel(
                manifest, IdIndex.of(new long[] {1}), IdIndex.of(ids), 5f, new float[1], itemBias, new float[K], q);
        RankingFactors ranker = new RankingFactors(
                new RankerManifest(
                        SparkAlsRules.RANKER_ALGORITHM,
                        K,
                        Map.of("alpha", ALPHA, "regularization", RANKER_LAMBDA),
                        null),
                1,
                ITEMS,
                new float[K],
                y);
        return model.withRanker(ranker);
    }

    @Test
    void aFoldedUserSolvesSparksRatingAndImplicitObjectives() {
        FactorModel model = sparkVersion();
        // Ratings on a 0..10 scale, one of them 0: a preference of 0 that still counts for the rating model.
        int[] items = {0, 3, 4, 7, 11, 12, 20, 29};
        float[] ratings = {8, 0, 10, 6, 7, 3, 9, 5};
        FoldIn.Folded folded = FoldIn.forModel(model).fold(items, ratings);

        // b_u: the pre-step's regularised mean of r − μ − b_i.
        double sum = 0;
        for (int r = 0; r < items.length; r++) {
            sum += ratings[r] - 5 - model.itemBias(items[r]);
        }
        assertThat((double) folded.bias()).isCloseTo(sum / (LAMBDA_BIAS + items.length), within(1e-6));

        // p_u: Σ (r − μ − b_i − b_u − p·q) q − λ n p = 0.
        double[] gradient = new double[K];
        for (int r = 0; r < items.length; r++) {
            float[] q = model.itemVector(items[r]);
            double error = ratings[r] - 5 - model.itemBias(items[r]) - folded.bias() - dot(folded.vector(), q);
            for (int f = 0; f < K; f++) {
                gradient[f] += error * q[f];
            }
        }
        for (int f = 0; f < K; f++) {
            gradient[f] -= LAMBDA * items.length * folded.vector()[f];
            assertThat(gradient[f]).as("rating model, factor " + f).isCloseTo(0, within(1e-4));
        }

        // x: (YᵀY + Σ c₁ y yᵀ + λ n⁺ I) x = Σ_{r>0} (1 + c₁) y, c₁ = α r; the rating 0 adds nothing.
        RankingFactors ranker = model.ranker().orElseThrow();
        float[] x = folded.rankerVector();
        double[] residual = new double[K];
        for (int i = 0; i < ITEMS; i++) {
            float[] y = ranker.itemVector(i);
            double yx = dot(y, x);
            for (int f = 0; f < K; f++) {
                residual[f] += yx * y[f];
            }
        }
        int positive = 0;
        for (int r = 0; r < items.length; r++) {
            float[] y = ranker.itemVector(items[r]);
            double c1 = ALPHA * ratings[r];
            double yx = dot(y, x);
            for (int f = 0; f < K; f++) {
                residual[f] += c1 * yx * y[f] - (ratings[r] > 0 ? (1 + c1) * y[f] : 0);
            }
            positive += ratings[r] > 0 ? 1 : 0;
        }
        assertThat(positive).isEqualTo(7);
        for (int f = 0; f < K; f++) {
            residual[f] += RANKER_LAMBDA * positive * x[f];
            assertThat(residual[f]).as("ranker, factor " + f).isCloseTo(0, within(1e-4));
        }
    }

    @Test
    void aVersionOfThisServiceKeepsItsOwnRules() {
        FactorModel own = TinyServing.withRanker().model();
        assertThat(SparkAlsRules.trainedRatingModel(own)).isFalse();
        assertThat(SparkAlsRules.trainedRanker(own.ranker().orElseThrow())).isFalse();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int f = 0; f < a.length; f++) {
            sum += (double) a[f] * b[f];
        }
        return sum;
    }
}
