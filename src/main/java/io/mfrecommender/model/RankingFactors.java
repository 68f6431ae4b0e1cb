package io.mfrecommender.model;

import io.mfrecommender.linalg.Vectors;

/**
 * The ranker of a model version: user vectors {@code w_u} and item vectors {@code h_i} whose dot
 * product scores how likely the user is to choose the item (implicit ALS). It has no biases and
 * no scale; its scores order recommendations and nothing else. Rows follow the rating model's
 * user and item indices. Immutable: the arrays are taken over and never written.
 */
public final class RankingFactors {

    private final RankerManifest manifest;
    private final int users;
    private final int items;
    private final int factors;
    private final float[] userFactors;
    private final float[] itemFactors;

    /**
     * @param userFactors {@code users × k}, row-major
     * @param itemFactors {@code items × k}, row-major
     */
    public RankingFactors(RankerManifest manifest, int users, int items, float[] userFactors, float[] itemFactors) {
        int k = manifest.factors();
        if (k < 1 || userFactors.length != (long) users * k || itemFactors.length != (long) items * k) {
            throw new IllegalArgumentException("ranking factor shapes do not match " + users + " users, " + items
                    + " items and " + k + " factors");
        }
        this.manifest = manifest;
        this.users = users;
        this.items = items;
        this.factors = k;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
    }

    public RankerManifest manifest() {
        return manifest;
    }

    public int users() {
        return users;
    }

    public int items() {
        return items;
    }

    public int factors() {
        return factors;
    }

    /** A copy of user {@code user}'s vector. */
    public float[] userVector(int user) {
        return Vectors.row(userFactors, user, factors);
    }

    /** A copy of item {@code item}'s vector. */
    public float[] itemVector(int item) {
        return Vectors.row(itemFactors, item, factors);
    }

    /** A copy of all user vectors, row-major {@code users × k}. */
    public float[] userRows() {
        return userFactors.clone();
    }

    /** A copy of all item vectors, row-major {@code items × k}. */
    public float[] itemRows() {
        return itemFactors.clone();
    }

    RankingFactors withManifest(RankerManifest newManifest) {
        if (newManifest.factors() != factors) {
            throw new IllegalArgumentException("the manifest must keep the factor count");
        }
        return new RankingFactors(newManifest, users, items, userFactors, itemFactors);
    }

    float[] userFactorArray() {
        return userFactors;
    }

    float[] itemFactorArray() {
        return itemFactors;
    }
}
