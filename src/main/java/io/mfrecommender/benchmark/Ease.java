package io.mfrecommender.benchmark;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.evaluation.RankingMetrics;
import io.mfrecommender.linalg.SpdInverse;
import io.mfrecommender.model.BatchScorer;
import io.mfrecommender.model.RankingFactors;
import java.util.Arrays;
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
     * {@code B} for {@code compact} (a compacted training set), each row {@code j} (what rating movie
     * {@code j} adds to every movie's score) cut to its {@code keep} largest weights by magnitude when
     * {@code 0 < keep < items}: the shape a sparse, bounded copy of EASE would have.
     */
    public static Weights weights(Dataset compact, double lambda, int keep) {
        int users = compact.users().size();
        int items = compact.items().size();
        double[] p = SpdInverse.invert(gram(compact, users, items, lambda), items);
        float[] b = new float[items * items];
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < items; j++) {
                b[i * items + j] = i == j ? 0f : (float) (-p[i * items + j] / p[j * items + j]);
            }
        }
        if (keep > 0 && keep < items) {
            float[] magnitudes = new float[items];
            for (int i = 0; i < items; i++) {
                for (int j = 0; j < items; j++) {
                    magnitudes[j] = Math.abs(b[i * items + j]);
                }
                Arrays.sort(magnitudes);
                float cut = magnitudes[items - keep];
                for (int j = 0; j < items; j++) {
                    if (Math.abs(b[i * items + j]) < cut) {
                        b[i * items + j] = 0f;
                    }
                }
            }
        }
        return new Weights(Nd4j.create(b, new long[] {items, items}, DataType.FLOAT));
    }

    /** EASE's {@code B}, items × items, off the heap until closed. */
    public record Weights(INDArray matrix) implements AutoCloseable {
        @Override
        public void close() {
            matrix.close();
        }
    }

    /**
     * The metrics of {@code (1 − weight)·ranker + weight·EASE} (EASE alone without {@code ranker}):
     * the two score the same thing, how likely a user is to rate a movie, on the same 0/1 targets.
     *
     * @param compact the compacted training set {@code weights} and {@code ranker}'s rows follow
     */
    public static RankingMetrics evaluate(
            Dataset compact, Dataset test, Weights weights, int k, RankingFactors ranker, double weight) {
        int items = compact.items().size();
        int[] offsets = compact.userOffsets();
        try (BatchScorer blend = ranker == null ? null : BatchScorer.ranker(ranker, Evaluator.RANKING_BATCH)) {
            return Evaluator.ranking(
                    (batch, count) -> {
                        float[] rows = new float[count * items];
                        for (int r = 0; r < count; r++) {
                            for (int a = offsets[batch[r]]; a < offsets[batch[r] + 1]; a++) {
                                rows[r * items + compact.itemIndex(a)] = 1f;
                            }
                        }
                        float[] scores;
                        try (INDArray block = Nd4j.create(rows, new long[] {count, items}, DataType.FLOAT)) {
                            scores = block.mmul(weights.matrix()).data().asFloat();
                        }
                        if (blend != null) {
                            float[] ranks = blend.score(batch, count);
                            for (int i = 0; i < count * items; i++) {
                                scores[i] = (float) ((1 - weight) * ranks[i] + weight * scores[i]);
                            }
                        }
                        return scores;
                    },
                    compact.users(),
                    compact.items(),
                    compact.scale(),
                    compact,
                    test,
                    k);
        }
    }
}
