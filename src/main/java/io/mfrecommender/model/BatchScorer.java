package io.mfrecommender.model;

import io.mfrecommender.linalg.BatchDots;

/**
 * Scores many users against every item at once, for evaluation: one ND4J gemm per batch
 * ({@link BatchDots}), then the rating model's biases in Java where it has them. Not
 * thread-safe: each thread uses its own scorer.
 */
public final class BatchScorer implements AutoCloseable {

    private final BatchDots dots;
    private final float[] userFactors;
    /** Rating model only: μ + b_u per user and b_i per item; null for the ranker. */
    private final FactorModel biases;

    private BatchScorer(BatchDots dots, float[] userFactors, FactorModel biases) {
        this.dots = dots;
        this.userFactors = userFactors;
        this.biases = biases;
    }

    /** {@code μ + b_u + b_i + p_u·q_i}: the rating model's unclipped scores. */
    public static BatchScorer ratings(FactorModel model, int capacity) {
        return new BatchScorer(
                new BatchDots(model.itemFactorArray(), model.items().size(), model.factors(), capacity),
                model.userFactorArray(),
                model);
    }

    /** {@code w_u·h_i}: the ranker's scores. */
    public static BatchScorer ranker(RankingFactors ranker, int capacity) {
        return new BatchScorer(
                new BatchDots(ranker.itemFactorArray(), ranker.items(), ranker.factors(), capacity),
                ranker.userFactorArray(),
                null);
    }

    /** What orders the version's recommendations: its ranker, or predicted ratings without one. */
    public static BatchScorer recommendations(FactorModel model, int capacity) {
        return model.ranker().map(r -> ranker(r, capacity)).orElseGet(() -> ratings(model, capacity));
    }

    public int capacity() {
        return dots.capacity();
    }

    /**
     * Scores {@code users[0..count)} against all items. Row {@code r} of the result holds user
     * {@code users[r]}'s scores at {@code [r * items, (r + 1) * items)}. The returned array is this
     * scorer's buffer: it is overwritten by the next call.
     */
    public float[] score(int[] users, int count) {
        float[] scores = dots.score(userFactors, users, count);
        if (biases != null) {
            int items = dots.items();
            float[] itemBias = biases.itemBiasArray();
            for (int r = 0; r < count; r++) {
                float offset = biases.globalMean() + biases.userBias(users[r]);
                int base = r * items;
                for (int i = 0; i < items; i++) {
                    scores[base + i] += offset + itemBias[i];
                }
            }
        }
        return scores;
    }

    @Override
    public void close() {
        dots.close();
    }
}
