package io.mfrecommender.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores many users against every item with one ND4J gemm per batch:
 * {@code S = P_batch · Qᵀ}, then {@code + μ + b_u + b_i} in Java. The ND4J arrays and the
 * output buffer are allocated once and reused, so a batch costs one JNI round trip instead of
 * one per user. Not thread-safe: each thread uses its own scorer.
 */
public final class BatchScorer {

    private final FactorModel model;
    private final int capacity;
    private final int itemCount;
    private final float[] userRows;
    private final INDArray userBlock;
    private final INDArray scoreBlock;
    private final float[] scores;

    public BatchScorer(FactorModel model, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.model = model;
        this.capacity = capacity;
        this.itemCount = model.items().size();
        this.userRows = new float[capacity * model.factors()];
        this.userBlock = Nd4j.create(DataType.FLOAT, capacity, model.factors());
        this.scoreBlock = Nd4j.create(DataType.FLOAT, capacity, itemCount);
        this.scores = new float[capacity * itemCount];
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Scores {@code users[0..count)} against all items. Row {@code r} of the result holds user
     * {@code users[r]}'s unclipped scores at {@code [r * items, (r + 1) * items)}. The returned
     * array is this scorer's buffer: it is overwritten by the next call.
     */
    public float[] score(int[] users, int count) {
        if (count > capacity) {
            throw new IllegalArgumentException("batch of " + count + " exceeds capacity " + capacity);
        }
        int k = model.factors();
        float[] factors = model.userFactorArray();
        for (int r = 0; r < count; r++) {
            System.arraycopy(factors, users[r] * k, userRows, r * k, k);
        }
        java.util.Arrays.fill(userRows, count * k, userRows.length, 0f);
        userBlock.data().setData(userRows);
        Nd4j.gemm(userBlock, model.itemFactorMatrix(), scoreBlock, false, true, 1.0, 0.0);
        scoreBlock.data().asNioFloat().get(scores, 0, count * itemCount);
        float[] itemBias = model.itemBiasArray();
        for (int r = 0; r < count; r++) {
            float offset = model.globalMean() + model.userBias(users[r]);
            int base = r * itemCount;
            for (int i = 0; i < itemCount; i++) {
                scores[base + i] += offset + itemBias[i];
            }
        }
        return scores;
    }
}
