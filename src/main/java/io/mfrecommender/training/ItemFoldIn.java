package io.mfrecommender.training;

import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.RankerSettings;
import io.mfrecommender.model.RankingFactors;
import java.util.Arrays;
import java.util.List;

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
            RankerSettings settings = ranker.manifest().settings().withIalsDefaults();
            this.userGram = Gramian.of(ranker.userRows(), ranker.users(), ranker.factors());
            this.unobservedWeight = settings.unobservedWeight();
            this.rankerRegularization = settings.regularization();
            this.frequencyExponent = settings.frequencyExponent();
            this.confidence = ConfidenceRule.of(settings, model.scale());
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
        return new ItemFoldIn(model, FoldIn.regularization(model), FoldIn.biasRegularization(model));
    }

    /** The rater for a trained user's rating: their bias and vectors in the version. */
    public Rater trainedRater(int user, float rating) {
        return new Rater(
                model.userBias(user), model.userVector(user), ranker == null ? null : ranker.userVector(user), rating);
    }

    /** The movie's place from its raters; with none, bias 0 and zero vectors (it scores as the baseline). */
    public Placed place(List<Rater> raters) {
        float[][] rows = new float[raters.size()][];
        double[] targets = new double[raters.size()];
        for (int r = 0; r < rows.length; r++) {
            Rater rater = raters.get(r);
            rows[r] = rater.vector();
            targets[r] = rater.rating() - model.globalMean() - rater.bias();
        }
        float[] solved = FoldIn.biasAndVector(
                rows, targets, model.factors(), regularization, biasRegularization, model.hasBiases());
        float[] vector = Arrays.copyOfRange(solved, 1, solved.length);
        return new Placed(solved[0], vector, ranker == null ? null : rankerVector(raters));
    }

    private float[] rankerVector(List<Rater> raters) {
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
        new AlsRowSolver(k, userGram, unobservedWeight, rankerRegularization, frequencyExponent, ranker.users())
                .solve(local, weights, 0, used, rows, vector, 0);
        return vector;
    }
}
