package io.mfrecommender.model;

/**
 * The mean bias, rating-model vector and ranker vector ({@code null} without a ranker) of a set of
 * trained movies: where a movie known only by what it resembles is placed.
 */
public record MeanItem(float bias, float[] vector, float[] rankerVector) {

    /** The mean of the trained movies marked in {@code members} (length: the trained movies); null when none is. */
    public static MeanItem of(FactorModel model, boolean[] members) {
        RankingFactors ranker = model.ranker().orElse(null);
        int base = model.items().size();
        int k = model.factors();
        int rk = ranker == null ? 0 : ranker.factors();
        double bias = 0;
        double[] vector = new double[k];
        double[] rankerVector = new double[rk];
        int count = 0;
        float[] itemFactors = model.itemFactorArray();
        float[] itemBias = model.itemBiasArray();
        float[] rankerRows = ranker == null ? null : ranker.itemFactorArray();
        for (int i = 0; i < base; i++) {
            if (!members[i]) {
                continue;
            }
            count++;
            bias += itemBias[i];
            for (int f = 0; f < k; f++) {
                vector[f] += itemFactors[i * k + f];
            }
            for (int f = 0; f < rk; f++) {
                rankerVector[f] += rankerRows[i * rk + f];
            }
        }
        if (count == 0) {
            return null;
        }
        return new MeanItem(
                (float) (bias / count), mean(vector, count), ranker == null ? null : mean(rankerVector, count));
    }

    private static float[] mean(double[] sums, int count) {
        float[] mean = new float[sums.length];
        for (int f = 0; f < sums.length; f++) {
            mean[f] = (float) (sums[f] / count);
        }
        return mean;
    }
}
