package io.mfrecommender.training;

import io.mfrecommender.linalg.Cholesky;
import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.RankerSettings;
import io.mfrecommender.model.RankingFactors;
import java.util.Arrays;

/**
 * Places one user in a trained version from their ratings alone, against the fixed item side, in
 * both models at once (for posted ratings; no retraining):
 * <ul>
 * <li>rating model: the bias and vector {@code x = (b_u, p_u)} minimising
 *     {@code Σ_i (r_ui − μ − b_i − b_u − p_u·q_i)² + n λ_b b_u² + n λ ‖p_u‖²}, a (k+1)×(k+1)
 *     regularised least-squares system with {@code z_i = (1, q_i)}:
 *     {@code (Σ z_i z_iᵀ + n·diag(λ_b, λ, …, λ)) x = Σ (r_ui − μ − b_i) z_i}. SGD applies its
 *     penalties once per rating, which is what the factor n restores.</li>
 * <li>ranker: the implicit-ALS user step of {@link AlsTrainer} with the version's α₀, λ and ν,
 *     against {@code α₀ HᵀH}, computed once per version here.</li>
 * </ul>
 * A version trained by Spark MLlib's ALS is placed by Spark's rules instead ({@link SparkAlsRules}).
 * Immutable and thread-safe; each call allocates its own small systems.
 */
public final class FoldIn {

    private final FactorModel model;
    private final double regularization;
    private final double biasRegularization;
    private final RankingFactors ranker;
    private final float[] rankerGram;
    private final double unobservedWeight;
    private final double rankerRegularization;
    private final double frequencyExponent;
    private final ConfidenceRule confidence;
    /** {@code YᵀY} of a Spark-made ranker ({@link SparkAlsRules}); null for this service's own. */
    private final double[] sparkGram;

    /**
     * @param regularization     λ of the rating model's factors (from its manifest, or the sgd default)
     * @param biasRegularization λ_b of its biases
     */
    public FoldIn(FactorModel model, double regularization, double biasRegularization) {
        this.model = model;
        this.regularization = regularization;
        this.biasRegularization = biasRegularization;
        this.ranker = model.ranker().orElse(null);
        if (ranker != null) {
            RankerSettings settings = ranker.manifest().settings().withIalsDefaults();
            this.rankerGram = Gramian.of(ranker.itemRows(), ranker.items(), ranker.factors());
            this.unobservedWeight = settings.unobservedWeight();
            this.rankerRegularization = settings.regularization();
            this.frequencyExponent = settings.frequencyExponent();
            this.confidence = ConfidenceRule.of(settings, model.scale());
            this.sparkGram = SparkAlsRules.trainedRanker(ranker) ? SparkAlsRules.gramian(ranker) : null;
        } else {
            this.rankerGram = null;
            this.unobservedWeight = Double.NaN;
            this.rankerRegularization = Double.NaN;
            this.frequencyExponent = Double.NaN;
            this.confidence = null;
            this.sparkGram = null;
        }
    }

    /** For a version trained by this service: λ and λ_b from its manifest, the sgd defaults otherwise. */
    public static FoldIn forModel(FactorModel model) {
        return new FoldIn(model, regularization(model), biasRegularization(model));
    }

    /** λ of a version's rating model, from its manifest, the sgd default otherwise. */
    static double regularization(FactorModel model) {
        Object lambda = model.manifest().hyperparameters().get("regularization");
        return lambda instanceof Number n
                ? n.doubleValue()
                : SgdParameters.defaults().regularization();
    }

    /** λ_b of a version's rating model, from its manifest, the sgd default otherwise. */
    static double biasRegularization(FactorModel model) {
        Object lambdaB = model.manifest().hyperparameters().get("biasRegularization");
        return lambdaB instanceof Number n
                ? n.doubleValue()
                : SgdParameters.defaults().biasRegularization();
    }

    /** One user's place in both models. {@code rankerVector} is null when the version has no ranker. */
    public record Folded(float bias, float[] vector, float[] rankerVector) {}

    /**
     * A user's events as the ranker reads them ({@link EventWeights}): model rows, each once, and what
     * each adds to the pair's confidence ({@code > 0}), or for a negative pair its confidence negated.
     */
    public record RankerEvents(int[] items, float[] weights) {

        public static final RankerEvents NONE = new RankerEvents(new int[0], new float[0]);

        public RankerEvents {
            if (items.length != weights.length) {
                throw new IllegalArgumentException("items and weights must pair up");
            }
        }
    }

    /**
     * @param items   model item indices the user rated (each once)
     * @param ratings their ratings, on the model's scale
     */
    public Folded fold(int[] items, float[] ratings) {
        return fold(items, ratings, RankerEvents.NONE);
    }

    /**
     * The same, the user's events counted by the ranker beside their ratings (the rating model
     * learns from ratings only: an event is not a star). A Spark-made ranker reads ratings only.
     */
    public Folded fold(int[] items, float[] ratings, RankerEvents events) {
        if (items.length != ratings.length) {
            throw new IllegalArgumentException("items and ratings must pair up");
        }
        if (SparkAlsRules.trainedRatingModel(model)) {
            FoldIn.Folded rating = SparkAlsRules.ratingStep(model, items, ratings);
            return new Folded(
                    rating.bias(), rating.vector(), ranker == null ? null : rankerVector(items, ratings, events));
        }
        float[][] rows = new float[items.length][];
        double[] targets = new double[items.length];
        for (int r = 0; r < items.length; r++) {
            rows[r] = model.itemVector(items[r]);
            targets[r] = ratings[r] - model.globalMean() - model.itemBias(items[r]);
        }
        float[] solved =
                biasAndVector(rows, targets, model.factors(), regularization, biasRegularization, model.hasBiases());
        float[] vector = Arrays.copyOfRange(solved, 1, solved.length);
        return new Folded(solved[0], vector, ranker == null ? null : rankerVector(items, ratings, events));
    }

    /** Whether this version's ranker can take a user's events (one this service trained). */
    public boolean countsEvents() {
        return ranker != null && sparkGram == null;
    }

    /**
     * {@code x = (b, v)} minimising {@code Σ_r (t_r − b − v·z_r)² + n λ_b b² + n λ ‖v‖²} over the n
     * rows {@code z_r} (k values each) and targets {@code t_r}: the rating model's fold-in of a user
     * against fixed items, and of a movie against fixed users ({@link ItemFoldIn}). Returns
     * {@code (b, v_1 … v_k)}. For a model without biases (the notebook's {@code p_u·q_i}) {@code b}
     * is held at 0 and {@code v} minimises {@code Σ_r (t_r − v·z_r)² + n λ ‖v‖²}.
     */
    static float[] biasAndVector(
            float[][] rows, double[] targets, int k, double lambda, double lambdaB, boolean withBias) {
        int n = rows.length;
        int d = k + 1;
        double[] system = new double[d * d];
        double[] rhs = new double[d];
        double[] z = new double[d];
        for (int r = 0; r < n; r++) {
            // Without a bias its column is zero: the system decouples, and b solves to 0.
            z[0] = withBias ? 1 : 0;
            for (int f = 0; f < k; f++) {
                z[f + 1] = rows[r][f];
            }
            for (int a = 0; a < d; a++) {
                rhs[a] += targets[r] * z[a];
                for (int b = 0; b <= a; b++) {
                    system[a * d + b] += z[a] * z[b];
                }
            }
        }
        system[0] += Math.max(n, 1) * lambdaB + 1e-9;
        for (int f = 1; f < d; f++) {
            system[f * d + f] += Math.max(n, 1) * lambda + 1e-9;
        }
        if (!Cholesky.solve(system, rhs, d)) {
            throw new IllegalStateException("the fold-in system is not positive definite");
        }
        float[] solved = new float[d];
        for (int a = 0; a < d; a++) {
            solved[a] = (float) rhs[a];
        }
        return solved;
    }

    private float[] rankerVector(int[] items, float[] ratings, RankerEvents events) {
        if (sparkGram != null) {
            return SparkAlsRules.rankerStep(ranker, sparkGram, items, ratings);
        }
        int k = ranker.factors();
        Pairs pairs = pairs(items, ratings, events);
        int used = pairs.items.length;
        float[] rows = new float[used * k];
        int[] local = new int[used];
        for (int r = 0; r < used; r++) {
            System.arraycopy(ranker.itemVector(pairs.items[r]), 0, rows, r * k, k);
            local[r] = r;
        }
        float[] weights = pairs.weights;
        float[] vector = new float[k];
        new AlsRowSolver(k, rankerGram, unobservedWeight, rankerRegularization, frequencyExponent, ranker.items())
                .solve(local, weights, 0, used, rows, vector, 0);
        return vector;
    }

    /** The ranker's (item, confidence) pairs of a user, in item order; a negative confidence is an observed zero. */
    private record Pairs(int[] items, float[] weights) {}

    /** The one place ratings and events meet: {@link ConfidenceRule} for the rating, {@link EventWeights} for the rest. */
    private Pairs pairs(int[] items, float[] ratings, RankerEvents events) {
        java.util.TreeMap<Integer, Float> byItem = new java.util.TreeMap<>();
        for (int r = 0; r < items.length; r++) {
            if (confidence.counts(ratings[r])) {
                byItem.put(items[r], confidence.confidence(ratings[r]));
            }
        }
        for (int e = 0; e < events.items().length; e++) {
            float w = events.weights()[e];
            int item = events.items()[e];
            if (w < 0) {
                byItem.put(item, w); // not interested: whatever else the pair holds
            } else if (w > 0) {
                byItem.merge(item, w, Float::sum);
            }
        }
        int[] out = new int[byItem.size()];
        float[] weights = new float[out.length];
        int at = 0;
        for (var pair : byItem.entrySet()) {
            out[at] = pair.getKey();
            weights[at++] = pair.getValue();
        }
        return new Pairs(out, weights);
    }

    /**
     * How each rating makes the ranker's score of {@code target}: the user's ranker vector is the
     * solution of {@code A x = Σ_j w_j y_j} (the user step fold-in solves, {@link #fold}), so the
     * score {@code y_tᵀ x = Σ_j w_j · y_tᵀ A⁻¹ y_j} splits exactly into one term per rated movie (Hu,
     * Koren, Volinsky, ICDM 2008, §5); {@code w_j} is the confidence {@code c_j} (0 for a rating the
     * ranker does not count). One extra k×k solve, {@code A z = y_t}.
     *
     * @param items   the user's rated movies (model rows), as {@link #fold} takes them
     * @param ratings their ratings
     * @param target  the ranker's vector of the movie explained ({@code y_t})
     * @throws IllegalStateException when the version has no ranker
     */
    public Attribution attributeRanker(int[] items, float[] ratings, float[] target) {
        return attributeRanker(items, ratings, RankerEvents.NONE, target);
    }

    /**
     * The same with the user's events counted as {@link #fold} counts them: one term per (movie,
     * confidence) pair the ranker solved from, a rated movie's rating and events in one term; a
     * dismissed movie's observed zero adds nothing to the target and so has no term of its own (it
     * shapes {@code A}).
     */
    public Attribution attributeRanker(int[] items, float[] ratings, RankerEvents events, float[] target) {
        if (ranker == null) {
            throw new IllegalStateException("the version has no ranker");
        }
        int k = ranker.factors();
        int[] pairItems;
        double[] weights;
        double[] system;
        if (sparkGram != null) {
            pairItems = items;
            weights = new double[items.length];
            system = SparkAlsRules.rankerSystem(ranker, sparkGram, items, ratings, weights);
        } else {
            Pairs pairs = pairs(items, ratings, events);
            pairItems = pairs.items;
            int used = pairItems.length;
            weights = new double[used];
            if (used == 0) {
                return new Attribution(0, new double[0], pairItems);
            }
            float[] rows = new float[used * k];
            int[] local = new int[used];
            for (int r = 0; r < used; r++) {
                System.arraycopy(ranker.itemVector(pairItems[r]), 0, rows, r * k, k);
                local[r] = r;
                weights[r] = Math.max(0, pairs.weights[r]);
            }
            system = new AlsRowSolver(
                            k, rankerGram, unobservedWeight, rankerRegularization, frequencyExponent, ranker.items())
                    .system(local, pairs.weights, 0, used, rows);
        }
        double[] z = new double[k];
        for (int f = 0; f < k; f++) {
            z[f] = target[f];
        }
        if (!Cholesky.solve(system, z, k)) {
            throw new IllegalStateException("the ranker's user system is not positive definite");
        }
        double[] contributions = new double[pairItems.length];
        double score = 0;
        for (int r = 0; r < pairItems.length; r++) {
            if (weights[r] != 0) {
                float[] yj = ranker.itemVector(pairItems[r]);
                double dot = 0;
                for (int f = 0; f < k; f++) {
                    dot += yj[f] * z[f];
                }
                contributions[r] = weights[r] * dot;
                score += contributions[r];
            }
        }
        return new Attribution(score, contributions, pairItems);
    }

    /**
     * A ranker score split by movie.
     *
     * @param score         the score of the re-solved user vector, the sum of the contributions
     * @param contributions one per movie of {@code items}
     * @param items         the model rows the terms belong to: the rated movies given, in their order,
     *                      for a Spark-made ranker; otherwise every movie the user rated (and the
     *                      ranker counts) or has events on, ascending
     */
    public record Attribution(double score, double[] contributions, int[] items) {}
}
