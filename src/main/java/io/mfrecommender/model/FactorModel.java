package io.mfrecommender.model;

import io.mfrecommender.data.IdIndex;
import io.mfrecommender.data.RatingScale;
import io.mfrecommender.linalg.Vectors;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable trained model: {@code r̂(u,i) = μ + b_u + b_i + p_u·q_i} (Koren, Bell and Volinsky,
 * "Matrix Factorization Techniques for Recommender Systems", IEEE Computer 42(8), 2009).
 *
 * <p>The factor matrices are held twice: as ND4J arrays for batched math (gemm over many users
 * at once) and as flat row-major {@code float[]} for per-request work, where one JNI call (microseconds
 * here) would cost more than the arithmetic; the biases only as {@code float[]}, as the batched
 * paths add them in Java. Neither copy is ever written after construction, so
 * any number of threads may read one snapshot.
 *
 * <p>Cold start: a user or item the model has no row for is scored from what is known, dropping
 * the unknown terms: {@code μ + b_i} for an unknown user, {@code μ + b_u} for an unknown item.
 */
public final class FactorModel {

    private final ModelManifest manifest;
    private final IdIndex users;
    private final IdIndex items;
    private final RatingScale scale;
    private final int factors;
    private final float globalMean;
    private final float[] userBias;
    private final float[] itemBias;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final INDArray userFactorMatrix;
    private final INDArray itemFactorMatrix;
    /** The ranker of this version, or null when recommendations are ordered by predicted rating. */
    private final RankingFactors ranker;

    /**
     * Arrays are taken over, not copied: the caller must not modify them afterwards.
     *
     * @param userFactors {@code users × factors}, row-major
     * @param itemFactors {@code items × factors}, row-major
     */
    public FactorModel(
            ModelManifest manifest,
            IdIndex users,
            IdIndex items,
            float globalMean,
            float[] userBias,
            float[] itemBias,
            float[] userFactors,
            float[] itemFactors) {
        int k = manifest.factors();
        if (k < 1
                || userBias.length != users.size()
                || itemBias.length != items.size()
                || userFactors.length != (long) users.size() * k
                || itemFactors.length != (long) items.size() * k) {
            throw new IllegalArgumentException("factor and bias shapes do not match " + users.size() + " users, "
                    + items.size() + " items and " + k + " factors");
        }
        this.manifest = manifest;
        this.users = users;
        this.items = items;
        this.scale = new RatingScale(manifest.scaleMin(), manifest.scaleMax());
        this.factors = k;
        this.globalMean = globalMean;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
        this.userFactorMatrix = Nd4j.create(userFactors, new long[] {users.size(), k}, DataType.FLOAT);
        this.itemFactorMatrix = Nd4j.create(itemFactors, new long[] {items.size(), k}, DataType.FLOAT);
        this.ranker = null;
    }

    /** Same parameters, other manifest and ranker: the arrays, native ones included, are shared, not copied. */
    private FactorModel(FactorModel source, ModelManifest manifest, RankingFactors ranker) {
        this.manifest = manifest;
        this.users = source.users;
        this.items = source.items;
        this.scale = new RatingScale(manifest.scaleMin(), manifest.scaleMax());
        this.factors = source.factors;
        this.globalMean = source.globalMean;
        this.userBias = source.userBias;
        this.itemBias = source.itemBias;
        this.userFactors = source.userFactors;
        this.itemFactors = source.itemFactors;
        this.userFactorMatrix = source.userFactorMatrix;
        this.itemFactorMatrix = source.itemFactorMatrix;
        this.ranker = ranker;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public String version() {
        return manifest.version();
    }

    public IdIndex users() {
        return users;
    }

    public IdIndex items() {
        return items;
    }

    public RatingScale scale() {
        return scale;
    }

    public int factors() {
        return factors;
    }

    public float globalMean() {
        return globalMean;
    }

    /** {@code μ + b_u + b_i + p_u·q_i}, unclipped; {@code -1} for an unknown user or item drops its terms. */
    public double score(int user, int item) {
        double score = baseline(user, item);
        if (user >= 0 && item >= 0) {
            score += dot(user, item);
        }
        return score;
    }

    /** {@code μ + b_u + b_i}; {@code -1} for an unknown user or item drops its bias. */
    public double baseline(int user, int item) {
        double baseline = globalMean;
        if (user >= 0) {
            baseline += userBias[user];
        }
        if (item >= 0) {
            baseline += itemBias[item];
        }
        return baseline;
    }

    /** The predicted rating, clipped to the rating scale. */
    public double predict(int user, int item) {
        return scale.clip(score(user, item));
    }

    public float userBias(int user) {
        return userBias[user];
    }

    public float itemBias(int item) {
        return itemBias[item];
    }

    /** {@code p_u·q_i} */
    public double dot(int user, int item) {
        return Vectors.dot(userFactors, user * factors, itemFactors, item * factors, factors);
    }

    /**
     * {@code p_users[n]·q_items[n]} for every pair, in one batched ND4J pass (gather both row sets,
     * multiply element-wise, sum each row): a handful of native calls for the whole batch.
     */
    public float[] dots(int[] users, int[] items) {
        if (users.length != items.length) {
            throw new IllegalArgumentException("users and items must pair up");
        }
        if (users.length == 0) {
            return new float[0];
        }
        INDArray p = Nd4j.pullRows(userFactorMatrix, 1, users);
        INDArray q = Nd4j.pullRows(itemFactorMatrix, 1, items);
        return p.muli(q).sum(1).toFloatVector();
    }

    /** Bytes of native (off-heap) memory held by this model's ND4J arrays (the ranker has none). */
    public long offHeapBytes() {
        return (userFactorMatrix.length() + itemFactorMatrix.length())
                * userFactorMatrix.dataType().width();
    }

    /** A copy of row {@code user} of the user factor matrix. */
    public float[] userVector(int user) {
        return Vectors.row(userFactors, user, factors);
    }

    /** A copy of row {@code item} of the item factor matrix. */
    public float[] itemVector(int item) {
        return Vectors.row(itemFactors, item, factors);
    }

    /** A copy of all item vectors, row-major {@code items × k}. */
    public float[] itemRows() {
        return itemFactors.clone();
    }

    // Package-private: ND4J views for the batched math in this package and for ModelStore.
    INDArray userFactorMatrix() {
        return userFactorMatrix;
    }

    INDArray itemFactorMatrix() {
        return itemFactorMatrix;
    }

    float[] userFactorArray() {
        return userFactors;
    }

    float[] itemFactorArray() {
        return itemFactors;
    }

    float[] userBiasArray() {
        return userBias;
    }

    float[] itemBiasArray() {
        return itemBias;
    }

    /**
     * The same factors under another manifest (e.g. with evaluation results or a new version name);
     * the ranker, if any, takes the manifest's ranker section.
     */
    public FactorModel withManifest(ModelManifest newManifest) {
        if (newManifest.factors() != factors) {
            throw new IllegalArgumentException("the manifest must keep the factor count");
        }
        if (ranker != null && newManifest.ranker() == null) {
            throw new IllegalArgumentException("the manifest of a version with a ranker must keep its ranker section");
        }
        return new FactorModel(this, newManifest, ranker == null ? null : ranker.withManifest(newManifest.ranker()));
    }

    /** This rating model paired with a ranker over the same users and items: one model version. */
    public FactorModel withRanker(RankingFactors newRanker) {
        if (newRanker.users() != users.size() || newRanker.items() != items.size()) {
            throw new IllegalArgumentException("the ranker has " + newRanker.users() + " users and " + newRanker.items()
                    + " items, the rating model " + users.size() + " and " + items.size());
        }
        return new FactorModel(this, manifest.withRanker(newRanker.manifest()), newRanker);
    }

    /** The ranker, if this version has one. */
    /**
     * Whether predictions include {@code μ + b_u + b_i}: every algorithm but the seed notebook's
     * bias-free {@code p_u·q_i} ({@code adam}, and a state dict imported without bias tensors, whose
     * manifest says {@code "biases": false}). Fold-in of a bias-free version solves no bias.
     */
    public boolean hasBiases() {
        Object biases = manifest.hyperparameters().get("biases");
        if (biases instanceof Boolean flag) {
            return flag;
        }
        return !"adam".equals(manifest.algorithm());
    }

    public Optional<RankingFactors> ranker() {
        return Optional.ofNullable(ranker);
    }

    @Override
    public String toString() {
        return "FactorModel[" + manifest.version() + ", " + manifest.algorithm() + ", users=" + users.size()
                + ", items=" + items.size() + ", k=" + factors
                + (ranker == null ? "" : ", ranker " + ranker.manifest().algorithm() + " k=" + ranker.factors()) + "]";
    }
}
