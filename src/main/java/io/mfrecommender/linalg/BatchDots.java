package io.mfrecommender.linalg;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dot products of many user rows with every item row, one ND4J gemm per batch:
 * {@code S = U_batch · Vᵀ}. The native arrays and the output buffer are allocated once and
 * reused, so a batch costs one JNI round trip instead of one per user. Not thread-safe: each
 * thread uses its own instance; {@link #close} frees the native memory at once.
 */
public final class BatchDots implements AutoCloseable {

    private final int items;
    private final int factors;
    private final int capacity;
    private final float[] rows;
    private final INDArray itemMatrix;
    private final INDArray userBlock;
    private final INDArray scoreBlock;
    private final float[] scores;

    /** @param itemFactors {@code items × factors}, row-major (copied into native memory) */
    public BatchDots(float[] itemFactors, int items, int factors, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.items = items;
        this.factors = factors;
        this.capacity = capacity;
        this.rows = new float[capacity * factors];
        this.itemMatrix = Nd4j.create(itemFactors, new long[] {items, factors}, DataType.FLOAT);
        this.userBlock = Nd4j.create(DataType.FLOAT, capacity, factors);
        this.scoreBlock = Nd4j.create(DataType.FLOAT, capacity, items);
        this.scores = new float[capacity * items];
    }

    public int capacity() {
        return capacity;
    }

    public int items() {
        return items;
    }

    /**
     * Row {@code r} of the result, at {@code [r * items, (r + 1) * items)}, holds the products of
     * {@code userFactors} row {@code users[r]} with every item. The returned array is this
     * instance's buffer: the next call overwrites it.
     */
    public float[] score(float[] userFactors, int[] users, int count) {
        if (count > capacity) {
            throw new IllegalArgumentException("batch of " + count + " exceeds capacity " + capacity);
        }
        for (int r = 0; r < count; r++) {
            System.arraycopy(userFactors, users[r] * factors, rows, r * factors, factors);
        }
        Arrays.fill(rows, count * factors, rows.length, 0f);
        userBlock.data().setData(rows);
        Nd4j.gemm(userBlock, itemMatrix, scoreBlock, false, true, 1.0, 0.0);
        scoreBlock.data().asNioFloat().get(scores, 0, count * items);
        return scores;
    }

    @Override
    public void close() {
        itemMatrix.close();
        userBlock.close();
        scoreBlock.close();
    }
}
