package io.mfrecommender.data;

/** Shared mechanics of the split strategies. */
final class Splits {

    private Splits() {}

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
