package io.mfrecommender.data;

import java.util.SplittableRandom;

/** Seeded Fisher–Yates shuffles, shared by splits, generators and trainers. */
public final class Shuffle {

    private Shuffle() {}

    /** A uniformly random permutation of {@code 0..n-1}. */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int k = 0; k < n; k++) {
            p[k] = k;
        }
        shuffle(p, random);
        return p;
    }

    /** Shuffles {@code values} in place. */
    public static void shuffle(int[] values, SplittableRandom random) {
        for (int k = values.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int swap = values[k];
            values[k] = values[j];
            values[j] = swap;
        }
    }
}
