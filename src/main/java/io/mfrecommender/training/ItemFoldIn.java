package io.mfrecommender.training;

import io.mfrecommender.linalg.Cholesky;
import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.RankerManifest;
import io.mfrecommender.model.RankingFactors;

/**
 * Places one movie in a trained version from its ratings alone, against the fixed user side, in
 * both models at once: the mirror of {@link FoldIn}, for a movie added after training.
 * <ul>
 * <li>rating model: the bias and vector {@code x = (b_i, q_i)} minimising
 *     {@code Σ_u (r_ui − μ − b_u − b_i − p_u·q_i)² + n λ_b b_i² + n λ ‖q_i‖²} over the n users who
 *     rated it, with {@code z_u = (1, p_u)}:
 *     {@code (Σ z_u z_uᵀ + n·diag(λ_b, λ, …, λ)) x = Σ (r_ui − μ − b_u) z_u}.</li>
 * <li>ranker: the implicit-ALS item step of {@link AlsTrainer} with the version's α₀, λ and ν,
 *     against {@code α₀ WᵀW} of the trained users' ranker vectors, computed once per version here.</li>
 * </ul>
 * The users may be trained ones or folded in after training: a rater is given by its own bias and
 * vectors. Immutable and thread-safe.
 */
public final class ItemFoldIn {

    /** One user's rating of the movie, with the user's place in both models (ranker vector null without a ranker). */
    public record Rater(float bias, float[] vector, float[] rankerVector, float rating) {}

    /** The movie's place in both models; {@code rankerVector} null when the version has no ranker. */
    public record Placed(float bias, float[] vector, float[] rankerVector) {}

    private final FactorModel model;
    private final double regularization;
    private final double biasRegularization;
    private final RankingFactors ranker;
    private final float[] userGram;
    private final double unobservedWeight;
    private final double rankerRegularization;
    private final double frequencyExponent;
    private final ConfidenceRule confidence;

    public ItemFoldIn(FactorModel model, double regularization, double biasRegularization) {
        this.model = model;
        this.regularization = regularization;
        this.biasRegularization = biasRegularization;
        this.ranker = model.ranker().orElse(null);
        if (ranker != null) {
            RankerManifest manifest = ranker.manifest();
            this.userGram = Gramian.of(ranker.userRows(), ranker.users(), ranker.factors());
            this.unobservedWeight = number(manifest, "unobservedWeight", 0.3);
            this.rankerRegularization = number(manifest, "regularization", 0.02);
            this.frequencyExponent = number(manifest, "frequencyExponent", 1.0);
            this.confidence = ConfidenceRule.of(manifest, model.scale());
        } else {
            this.userGram = null;
            this.unobservedWeight = Double.NaN;
            this.rankerRegularization = Double.NaN;
            this.frequencyExponent = Double.NaN;
            this.confidence = null;
        }
    }

    /** λ and λ_b from the version's manifest, the sgd defaults otherwise (as {@link FoldIn#forModel}). */
    public static ItemFoldIn forModel(FactorModel model) {
        SgdParameters defaults = SgdParameters.defaults();
        Object lambda = model.manifest().hyperparameters().get("regularization");
        Object lambdaB = model.manifest().hyperparameters().get("biasRegularization");
        return new ItemFoldIn(
                model,
                lambda instanceof Number n ? n.doubleValue() : defaults.regularization(),
                lambdaB instanceof Number n ? n.doubleValue() : defaults.biasRegularization());
    }

    /** The rater for a trained user's rating: their bias and vectors in the version. */
    public Rater trainedRater(int user, float rating) {
        return new Rater(
                model.userBias(user), model.userVector(user), ranker == null ? null : ranker.userVector(user), rating);
    }

    /** The movie's place from its raters; with none, bias 0 and zero vectors (it scores as the baseline). */
    public Placed place(java.util.List<Rater> raters) {
        int k = model.factors();
        int d = k + 1;
        int n = raters.size();
        double[] system = new double[d * d];
        double[] rhs = new double[d];
        double[] z = new double[d];
        for (Rater rater : raters) {
            z[0] = 1;
            for (int f = 0; f < k; f++) {
                z[f + 1] = rater.vector()[f];
            }
            double target = rater.rating() - model.globalMean() - rater.bias();
            for (int a = 0; a < d; a++) {
                rhs[a] += target * z[a];
                for (int b = 0; b <= a; b++) {
                    system[a * d + b] += z[a] * z[b];
                }
            }
        }
        system[0] += Math.max(n, 1) * biasRegularization + 1e-9;
        for (int f = 1; f < d; f++) {
            system[f * d + f] += Math.max(n, 1) * regularization + 1e-9;
        }
        if (!Cholesky.solve(system, rhs, d)) {
            throw new IllegalStateException("the item fold-in system is not positive definite");
        }
        float[] vector = new float[k];
        for (int f = 0; f < k; f++) {
            vector[f] = (float) rhs[f + 1];
        }
        return new Placed((float) rhs[0], vector, ranker == null ? null : rankerVector(raters));
    }

    private float[] rankerVector(java.util.List<Rater> raters) {
        int k = ranker.factors();
        float[] rows = new float[raters.size() * k];
        int[] local = new int[raters.size()];
        float[] weights = new float[raters.size()];
        int used = 0;
        for (Rater rater : raters) {
            if (rater.rankerVector() == null || !confidence.counts(rater.rating())) {
                continue;
            }
            System.arraycopy(rater.rankerVector(), 0, rows, used * k, k);
            local[used] = used;
            weights[used] = confidence.confidence(rater.rating());
            used++;
        }
        float[] vector = new float[k];
        new AlsTrainer.RowSolver(k, userGram, unobservedWeight, rankerRegularization, frequencyExponent, ranker.users())
                .solve(local, weights, 0, used, rows, vector, 0);
        return vector;
    }

    private static double number(RankerManifest manifest, String name, double fallback) {
        Object value = manifest.hyperparameters().get(name);
        return value instanceof Number n ? n.doubleValue() : fallback;
    }
}
