package io.mfrecommender.data;

import java.util.SplittableRandom;

/** Shared mechanics of the split strategies. */
final class Splits {

    private Splits() {
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher–Yates). */
    static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int k = 0; k < n; k++) {
            p[k] = k;
        }
        for (int k = n - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int swap = p[k];
            p[k] = p[j];
            p[j] = swap;
        }
        return p;
    }

    static Split partition(Dataset dataset, boolean[] inTrain) {
        int trainSize = 0;
        for (boolean b : inTrain) {
            if (b) {
                trainSize++;
            }
        }
        int[] train = new int[trainSize];
        int[] test = new int[inTrain.length - trainSize];
        int t = 0;
        int h = 0;
        for (int row = 0; row < inTrain.length; row++) {
            if (inTrain[row]) {
                train[t++] = row;
            } else {
                test[h++] = row;
            }
        }
        return new Split(dataset.subset(train), dataset.subset(test));
    }
}
