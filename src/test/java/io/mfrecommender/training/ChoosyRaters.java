package io.mfrecommender.training;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.data.RatingScale;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded ratings from users who rate what they like: which movies they rate reveals their taste. */
final class ChoosyRaters {

    private ChoosyRaters() {}

    /**
     * Users who mostly rate what they expect to like: which items someone rated says something about
     * their taste, which is what implicit feedback learns from. Rank-4 tastes; a user rates an item
     * with a probability that grows with their affinity, and the rating is that affinity plus noise.
     */
    static Dataset generate() {
        SplittableRandom random = new SplittableRandom(11);
        int users = 600;
        int items = 300;
        int rank = 4;
        double[][] tastes = new double[users][rank];
        double[][] traits = new double[items][rank];
        for (double[] row : tastes) {
            Arrays.setAll(row, f -> random.nextGaussian() * 0.6);
        }
        for (double[] row : traits) {
            Arrays.setAll(row, f -> random.nextGaussian() * 0.6);
        }
        DatasetBuilder builder = new DatasetBuilder();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                double affinity = 0;
                for (int f = 0; f < rank; f++) {
                    affinity += tastes[u][f] * traits[i][f];
                }
                if (random.nextDouble() < 0.5 / (1 + Math.exp(-4 * affinity))) {
                    double rating = Math.rint(3.5 + 1.5 * affinity + 0.5 * random.nextGaussian());
                    builder.add(u + 1, i + 1, (float) Math.max(1, Math.min(5, rating)), 0);
                }
            }
        }
        return builder.build(new RatingScale(1, 5));
    }
}
