package io.mfrecommender.recommendation;

import java.util.function.IntToDoubleFunction;

/**
 * A request's predicted ratings, each computed once: the floor reads every candidate's and the page
 * reads the placed ones' again (a 128-factor dot product each, its row usually out of cache). The
 * first {@value #REMEMBERED} items asked about are remembered and looked up by a linear search,
 * cheaper than a hash at that size; later ones (a page grown through several pools) are computed
 * each time, so the memory and the search stay bounded.
 */
final class RememberedPredictions implements IntToDoubleFunction {

    static final int REMEMBERED = 64;

    private final IntToDoubleFunction predict;
    private final int[] items = new int[REMEMBERED];
    private final double[] values = new double[REMEMBERED];
    private int size;

    RememberedPredictions(IntToDoubleFunction predict) {
        this.predict = predict;
    }

    @Override
    public double applyAsDouble(int item) {
        for (int i = 0; i < size; i++) {
            if (items[i] == item) {
                return values[i];
            }
        }
        double value = predict.applyAsDouble(item);
        if (size < REMEMBERED) {
            items[size] = item;
            values[size++] = value;
        }
        return value;
    }
}
