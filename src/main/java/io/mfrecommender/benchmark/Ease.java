package io.mfrecommender.benchmark;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.evaluation.RankingMetrics;
import io.mfrecommender.linalg.Cholesky;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * EASE, the item-item baseline the ranker is compared with (Steck, "Embarrassingly Shallow
 * Autoencoders for Sparse Data", WWW 2019): with X the users × items matrix of training
 * interactions (1 for every rating), {@code P = (XᵀX + λI)⁻¹} and {@code B = I − P·diag(1/diag P)},
 * a user's scores are {@code x_u B}, and {@code B}'s diagonal is zero. Scored with the service's
 * ranking protocol ({@link Evaluator#ranking}), on the same splits. Dense in items: for catalogues
 * of a few thousand movies, as MovieLens.
 */
public final class Ease {

    private Ease() {}

    /** {@code XᵀX + λI} from each user's items: the co-occurrence counts. */
    private static double[] gram(Dataset compact, int users, int items, double lambda) {
        double[] gram = new double[items * items];
        int[] offsets = compact.userOffsets();
        for (int u = 0; u < users; u++) {
            for (int a = offsets[u]; a < offsets[u + 1]; a++) {
                int row = compact.itemIndex(a) * items;
                for (int b = offsets[u]; b < offsets[u + 1]; b++) {
                    gram[row + compact.itemIndex(b)] += 1;
                }
            }
        }
        for (int i = 0; i < items; i++) {
            gram[i * items + i] += lambda;
        }
        return gram;
    }

    /**
     * The inverse of a symmetric positive definite matrix: Cholesky {@code A = L Lᵀ}, then {@code L⁻¹}
     * row by row and {@code A⁻¹ = L⁻ᵀ L⁻¹}, in row-major loops (ND4J's general inverse took minutes
     * at this size).
     */
    static double[] inverse(double[] a, int n) {
        if (!Cholesky.factor(a, n)) {
            throw new IllegalArgumentException("XᵀX + λI is not positive definite; raise lambda");
        }
        double[] m = new double[n * n]; // L⁻¹, lower triangular
        for (int i = 0; i < n; i++) {
            int row = i * n;
            m[row + i] = 1;
            for (int k = 0; k < i; k++) {
                double l = a[row + k];
                if (l != 0) {
                    int other = k * n;
                    for (int c = 0; c <= k; c++) {
                        m[row + c] -= l * m[other + c];
                    }
                }
            }
            double pivot = a[row + i];
            for (int c = 0; c <= i; c++) {
                m[row + c] /= pivot;
            }
        }
        double[] inverse = new double[n * n];
        for (int k = 0; k < n; k++) {
            int row = k * n;
            for (int x = 0; x <= k; x++) {
                double mx = m[row + x];
                if (mx == 0) {
                    continue;
                }
                int target = x * n;
                for (int y = 0; y <= x; y++) {
                    inverse[target + y] += mx * m[row + y];
                }
            }
        }
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < x; y++) {
                inverse[y * n + x] = inverse[x * n + y];
            }
        }
        return inverse;
    }

    /** NDCG, precision and recall at {@code k} of EASE with {@code lambda}, trained on {@code train}. */
    public static RankingMetrics evaluate(Dataset train, Dataset test, double lambda, int k) {
        Dataset compact = train.compacted();
        int users = compact.users().size();
        int items = compact.items().size();
        float[] x = new float[users * items];
        for (int row = 0; row < compact.size(); row++) {
            x[compact.userIndex(row) * items + compact.itemIndex(row)] = 1f;
        }
        double[] p = inverse(gram(compact, users, items, lambda), items);
        float[] bValues = new float[items * items];
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < items; j++) {
                bValues[i * items + j] = i == j ? 0f : (float) (-p[i * items + j] / p[j * items + j]);
            }
        }
        INDArray weights = Nd4j.create(bValues, new long[] {items, items}, DataType.FLOAT);

        return Evaluator.ranking(
                (batch, count) -> {
                    float[] rows = new float[count * items];
                    for (int r = 0; r < count; r++) {
                        System.arraycopy(x, batch[r] * items, rows, r * items, items);
                    }
                    try (INDArray block = Nd4j.create(rows, new long[] {count, items}, DataType.FLOAT)) {
                        return block.mmul(weights).data().asFloat();
                    }
                },
                compact.users(),
                compact.items(),
                compact.scale(),
                compact,
                test,
                k);
    }
}
