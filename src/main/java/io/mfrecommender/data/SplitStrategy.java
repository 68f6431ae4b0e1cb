package io.mfrecommender.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How to hold out ratings for testing. Every strategy is deterministic for a given seed.
 * Written and parsed as {@code random:0.9} (train fraction), {@code per-user:0.1} (held-out
 * fraction of each user's ratings) or {@code temporal:5} (each user's latest 5 ratings).
 */
public sealed interface SplitStrategy {

    Split apply(Dataset dataset, long seed);

    /** A seeded random fraction of all ratings goes to training; the seed notebook used 0.7. */
    record Random(double trainFraction) implements SplitStrategy {
        public Random {
            requireFraction(trainFraction, "train fraction");
        }

        @Override
        public Split apply(Dataset dataset, long seed) {
            int n = dataset.size();
            int[] permutation = Shuffle.permutation(n, new SplittableRandom(seed));
            int trainSize = (int) Math.round(n * trainFraction);
            boolean[] inTrain = new boolean[n];
            for (int k = 0; k < trainSize; k++) {
                inTrain[permutation[k]] = true;
            }
            return Splits.partition(dataset, inTrain);
        }

        @Override
        public String toString() {
            return "random:" + trainFraction;
        }
    }

    /** Each user keeps at least one rating for training and holds out about this fraction of the rest. */
    record PerUser(double holdoutFraction) implements SplitStrategy {
        public PerUser {
            requireFraction(holdoutFraction, "held-out fraction");
        }

        @Override
        public Split apply(Dataset dataset, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int[] offsets = dataset.userOffsets();
            boolean[] inTrain = new boolean[dataset.size()];
            Arrays.fill(inTrain, true);
            for (int u = 0; u + 1 < offsets.length; u++) {
                int count = offsets[u + 1] - offsets[u];
                int holdout = Math.min(count - 1, (int) Math.round(count * holdoutFraction));
                int[] order = Shuffle.permutation(count, random);
                for (int k = 0; k < holdout; k++) {
                    inTrain[offsets[u] + order[k]] = false;
                }
            }
            return Splits.partition(dataset, inTrain);
        }

        @Override
        public String toString() {
            return "per-user:" + holdoutFraction;
        }
    }

    /**
     * About this fraction of each user's ratings is held out, but never the last training rating
     * of a user or of a movie: every user and every movie of the data keeps a vector. The
     * service judges its versions on this split, so that holding ratings out costs no user and no
     * movie its personalisation or its prediction.
     */
    record Covering(double holdoutFraction) implements SplitStrategy {
        public Covering {
            requireFraction(holdoutFraction, "held-out fraction");
        }

        @Override
        public Split apply(Dataset dataset, long seed) {
            Split perUser = new PerUser(holdoutFraction).apply(dataset, seed);
            int[] trainPerItem = new int[dataset.items().size()];
            for (int row = 0; row < perUser.train().size(); row++) {
                trainPerItem[perUser.train().itemIndex(row)]++;
            }
            // Rows keep their order through subset(), so held-out row k maps back by (user, item).
            boolean[] inTrain = new boolean[dataset.size()];
            Arrays.fill(inTrain, true);
            Dataset heldOut = perUser.test();
            int row = 0;
            for (int k = 0; k < heldOut.size(); k++) {
                while (dataset.userIndex(row) != heldOut.userIndex(k)
                        || dataset.itemIndex(row) != heldOut.itemIndex(k)) {
                    row++;
                }
                int item = heldOut.itemIndex(k);
                if (trainPerItem[item] == 0) {
                    trainPerItem[item]++; // the movie's only rating goes back to training
                } else {
                    inTrain[row] = false;
                }
                row++;
            }
            return Splits.partition(dataset, inTrain);
        }

        @Override
        public String toString() {
            return "covering:" + holdoutFraction;
        }
    }

    /** Each user's latest {@code count} ratings by timestamp are held out; at least one stays for training. */
    record Temporal(int count) implements SplitStrategy {
        public Temporal {
            if (count < 1) {
                throw new IllegalArgumentException("temporal split needs a count of at least 1, got " + count);
            }
        }

        @Override
        public Split apply(Dataset dataset, long seed) {
            int[] offsets = dataset.userOffsets();
            boolean[] inTrain = new boolean[dataset.size()];
            Arrays.fill(inTrain, true);
            for (int u = 0; u + 1 < offsets.length; u++) {
                int from = offsets[u];
                int rows = offsets[u + 1] - from;
                int holdout = Math.min(count, rows - 1);
                // Latest first; equal timestamps fall back to row order so the result is stable.
                Integer[] order = new Integer[rows];
                for (int k = 0; k < rows; k++) {
                    order[k] = from + k;
                }
                Arrays.sort(order, (a, b) -> {
                    int byTime = Long.compare(dataset.timestamp(b), dataset.timestamp(a));
                    return byTime != 0 ? byTime : Integer.compare(b, a);
                });
                for (int k = 0; k < holdout; k++) {
                    inTrain[order[k]] = false;
                }
            }
            return Splits.partition(dataset, inTrain);
        }

        @Override
        public String toString() {
            return "temporal:" + count;
        }
    }

    /** Parses {@code random:0.9}, {@code per-user:0.1}, {@code covering:0.1} or {@code temporal:5}. */
    static SplitStrategy parse(String text) {
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split(":", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "split '" + text + "' must look like random:0.9, per-user:0.1 or temporal:5");
        }
        try {
            return switch (parts[0]) {
                case "random" -> new Random(Double.parseDouble(parts[1]));
                case "per-user" -> new PerUser(Double.parseDouble(parts[1]));
                case "temporal" -> new Temporal(Integer.parseInt(parts[1]));
                case "covering" -> new Covering(Double.parseDouble(parts[1]));
                default ->
                    throw new IllegalArgumentException(
                            "unknown split '" + parts[0] + "'; use random, per-user, covering or temporal");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("split '" + text + "' has a malformed number");
        }
    }

    private static void requireFraction(double value, String what) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(what + " must be strictly between 0 and 1, got " + value);
        }
    }
}
