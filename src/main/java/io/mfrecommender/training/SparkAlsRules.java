package io.mfrecommender.training;

import io.mfrecommender.linalg.Cholesky;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.RankerSettings;
import io.mfrecommender.model.RankingFactors;
import java.util.Map;

/**
 * How a version trained by Spark MLlib's ALS (the {@code spark-trainer} job, manifest algorithm
 * {@value #RATING_ALGORITHM}, ranker {@value #RANKER_ALGORITHM}) places a user from their ratings,
 * so that fold-in gives the vector Spark's own user step would:
 * <ul>
 * <li>rating model: the job removes biases first by a regularised pre-step (μ the mean;
 *     {@code b_i = Σ_u (r_ui − μ) / (λ_i + n_i)}; {@code b_u = Σ_i (r_ui − μ − b_i) / (λ_u + n_u)}),
 *     then explicit ALS on the residuals with Spark's ALS-WR penalty
 *     {@code λ n_u ‖p_u‖²}. A user's step: {@code b_u} by the pre-step's formula, then
 *     {@code (Σ q_i q_iᵀ + λ n_u I) p_u = Σ (r_ui − μ − b_i − b_u) q_i}.</li>
 * <li>ranker: Spark's implicit ALS (Hu, Koren and Volinsky, ICDM 2008, as MLlib implements it):
 *     {@code c₁ = α |r|}, preference 1 for {@code r > 0} and 0 otherwise;
 *     {@code (YᵀY + Σ_j c₁_j y_j y_jᵀ + λ n⁺ I) x = Σ_{r_j > 0} (1 + c₁_j) y_j}, with {@code YᵀY} over
 *     every item and {@code n⁺} the number of positive ratings.</li>
 * </ul>
 * The hyperparameters come from the manifests: {@code regularization} and
 * {@code userBiasRegularization} of the rating model; {@code alpha} and {@code regularization} of
 * the ranker.
 */
public final class SparkAlsRules {

    public static final String RATING_ALGORITHM = "spark-als";
    public static final String RANKER_ALGORITHM = "spark-als-implicit";

    private SparkAlsRules() {}

    public static boolean trainedRatingModel(FactorModel model) {
        return RATING_ALGORITHM.equals(model.manifest().algorithm());
    }

    public static boolean trainedRanker(RankingFactors ranker) {
        return RANKER_ALGORITHM.equals(ranker.manifest().algorithm());
    }

    /** The rating model's user step: {@link FoldIn.Folded#bias()} and vector; no ranker vector. */
    static FoldIn.Folded ratingStep(FactorModel model, int[] items, float[] ratings) {
        Map<String, Object> hyper = model.manifest().hyperparameters();
        double lambda = number(hyper, "regularization");
        double lambdaBias = number(hyper, "userBiasRegularization");
        int n = items.length;
        int k = model.factors();
        double bias = 0;
        for (int r = 0; r < n; r++) {
            bias += ratings[r] - model.globalMean() - model.itemBias(items[r]);
        }
        bias /= lambdaBias + n;
        double[] system = new double[k * k];
        double[] rhs = new double[k];
        for (int r = 0; r < n; r++) {
            float[] q = model.itemVector(items[r]);
            double residual = ratings[r] - model.globalMean() - model.itemBias(items[r]) - bias;
            for (int a = 0; a < k; a++) {
                rhs[a] += residual * q[a];
                for (int b = 0; b <= a; b++) {
                    system[a * k + b] += (double) q[a] * q[b];
                }
            }
        }
        for (int f = 0; f < k; f++) {
            system[f * k + f] += lambda * n + 1e-12;
        }
        float[] vector = new float[k];
        if (n > 0) {
            if (!Cholesky.solve(system, rhs, k)) {
                throw new IllegalStateException("the fold-in system is not positive definite");
            }
            for (int f = 0; f < k; f++) {
                vector[f] = (float) rhs[f];
            }
        }
        return new FoldIn.Folded((float) bias, vector, null);
    }

    /** {@code YᵀY} over every item of the ranker, in double: computed once per version. */
    static double[] gramian(RankingFactors ranker) {
        int k = ranker.factors();
        double[] gram = new double[k * k];
        for (int i = 0; i < ranker.items(); i++) {
            float[] y = ranker.itemVector(i);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b <= a; b++) {
                    gram[a * k + b] += (double) y[a] * y[b];
                }
            }
        }
        return gram;
    }

    /** The ranker's user step against {@code gram} ({@link #gramian}). */
    static float[] rankerStep(RankingFactors ranker, double[] gram, int[] items, float[] ratings) {
        int k = ranker.factors();
        double[] preference = new double[items.length];
        double[] system = rankerSystem(ranker, gram, items, ratings, preference);
        double[] rhs = new double[k];
        for (int r = 0; r < items.length; r++) {
            float[] y = ranker.itemVector(items[r]);
            for (int a = 0; a < k; a++) {
                rhs[a] += preference[r] * y[a];
            }
        }
        if (!Cholesky.solve(system, rhs, k)) {
            throw new IllegalStateException("the ranker's fold-in system is not positive definite");
        }
        float[] vector = new float[k];
        for (int f = 0; f < k; f++) {
            vector[f] = (float) rhs[f];
        }
        return vector;
    }

    /**
     * MLlib's implicit user system {@code A = YᵀY + Σ c1_j y_j y_jᵀ + λ n₊ I} (lower triangle) for
     * these ratings; {@code preference[r]} receives each rating's weight in the right-hand side
     * {@code Σ (1 + c1_j) p_j y_j}.
     */
    static double[] rankerSystem(
            RankingFactors ranker, double[] gram, int[] items, float[] ratings, double[] preference) {
        RankerSettings settings = ranker.manifest().settings();
        double alpha = required(settings.alpha(), "alpha");
        double lambda = required(settings.regularization(), "regularization");
        int k = ranker.factors();
        double[] system = gram.clone();
        int positive = 0;
        for (int r = 0; r < items.length; r++) {
            float[] y = ranker.itemVector(items[r]);
            double c1 = alpha * Math.abs(ratings[r]);
            preference[r] = ratings[r] > 0 ? 1 + c1 : 0;
            positive += ratings[r] > 0 ? 1 : 0;
            for (int a = 0; a < k; a++) {
                for (int b = 0; b <= a; b++) {
                    system[a * k + b] += c1 * y[a] * y[b];
                }
            }
        }
        for (int f = 0; f < k; f++) {
            system[f * k + f] += lambda * positive + 1e-12;
        }
        return system;
    }

    private static double required(double value, String name) {
        if (!Double.isNaN(value)) {
            return value;
        }
        throw new IllegalStateException("a Spark-made version's manifest must give '" + name + "'");
    }

    private static double number(Map<String, Object> hyperparameters, String name) {
        if (hyperparameters.get(name) instanceof Number value) {
            return value.doubleValue();
        }
        throw new IllegalStateException("a Spark-made version's manifest must give '" + name + "'");
    }
}
