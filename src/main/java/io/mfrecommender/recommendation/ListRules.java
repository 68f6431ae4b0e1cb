package io.mfrecommender.recommendation;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * What makes a page of recommendations one a viewer trusts, applied to the ranker's order:
 * <ul>
 * <li>a floor on the rating model's prediction, so a card never says "you will choose this" and
 *     "you will dislike it" at once (an item below the floor is left out);</li>
 * <li>a cap on near neighbours, so one series or niche cannot take the page: no item has more
 *     than {@code neighbourCap} items on the page (itself included) whose factors have a cosine of at
 *     least {@code neighbourSimilarity} with its own; an item that would break that waits, and
 *     fills the page only if nothing else is left.</li>
 * <li>diversity, asked per request: maximal marginal relevance (Carbonell and Goldstein, SIGIR
 *     1998) over the candidates, each next item the one maximising
 *     {@code (1 − d)·rel(i) − d·max_{j placed} cos(i, j)} with {@code rel} the ranker's score
 *     scaled to [0, 1] over the candidates considered; {@code d = 0} keeps the ranker's order
 *     untouched.</li>
 * </ul>
 *
 * @param floor               lowest predicted rating shown, on the data's scale; NaN: no floor
 * @param neighbourCap        most items of one neighbourhood on a page (the item and its neighbours); 0: no cap
 * @param neighbourSimilarity cosine at which two items are neighbours
 * @param diversity           the weight {@code d} in [0, 1] of dissimilarity against relevance; 0: the ranker's order
 */
public record ListRules(double floor, int neighbourCap, double neighbourSimilarity, double diversity) {

    public static final ListRules NONE = new ListRules(Double.NaN, 0, 1);

    public ListRules(double floor, int neighbourCap, double neighbourSimilarity) {
        this(floor, neighbourCap, neighbourSimilarity, 0);
    }

    /** These rules with diversity {@code d}. */
    public ListRules withDiversity(double d) {
        return new ListRules(floor, neighbourCap, neighbourSimilarity, d);
    }

    /** Pairwise similarity of two items. */
    @FunctionalInterface
    public interface Similarity {
        double of(int a, int b);
    }

    /**
     * Fills {@code page} with items from {@code ordered[0..count)} (best first) as the rules allow;
     * {@code scores[0..count)} are their ranker scores (read only when {@code diversity > 0}).
     *
     * @return how many were placed (fewer than {@code page.length} when the candidates ran out)
     */
    public int apply(
            int[] ordered,
            float[] scores,
            int count,
            IntToDoubleFunction predicted,
            Similarity similarity,
            int[] page) {
        if (diversity > 0 && count > 1) {
            ordered = diversify(ordered, scores, count, page.length, similarity);
        }
        return apply(ordered, count, predicted, similarity, page);
    }

    /** {@link #apply(int[], float[], int, IntToDoubleFunction, Similarity, int[])} without diversity. */
    public int apply(int[] ordered, int count, IntToDoubleFunction predicted, Similarity similarity, int[] page) {
        return place(ordered, count, predicted, similarity, page, new int[count]);
    }

    /**
     * Whether the candidates {@code ordered[0..count)} fill {@code page} without any that waited.
     * If so, the page is the one {@link #apply} makes of any longer list that starts with them: the
     * rules place in order and stop when the page is full, so the rest is never looked at. Without
     * diversity only, which weighs every candidate it is given. Fills {@code page} either way.
     */
    public boolean fillsInOrder(
            int[] ordered, int count, IntToDoubleFunction predicted, Similarity similarity, int[] page) {
        if (diversity > 0) {
            throw new IllegalStateException("diversity weighs every candidate: a prefix decides nothing");
        }
        return place(ordered, count, predicted, similarity, page, null) == page.length;
    }

    /** Places in order what the rules admit; those that wait go into {@code waiting} (dropped when null) and fill what is left. */
    private int place(
            int[] ordered, int count, IntToDoubleFunction predicted, Similarity similarity, int[] page, int[] waiting) {
        int placed = 0;
        int waited = 0;
        for (int c = 0; c < count && placed < page.length; c++) {
            int item = ordered[c];
            if (!Double.isNaN(floor) && predicted.applyAsDouble(item) < floor) {
                continue;
            }
            if (neighbourCap > 0 && crowds(item, page, placed, similarity)) {
                if (waiting != null) {
                    waiting[waited++] = item;
                }
                continue;
            }
            page[placed++] = item;
        }
        for (int w = 0; w < waited && placed < page.length; w++) {
            page[placed++] = waiting[w];
        }
        return placed;
    }

    /**
     * Whether {@code item} would make some neighbourhood on the page larger than the cap: its own
     * (it and the page items near it), or that of a page item near it.
     */
    private boolean crowds(int item, int[] page, int placed, Similarity similarity) {
        int near = 1;
        for (int p = 0; p < placed; p++) {
            if (similarity.of(item, page[p]) < neighbourSimilarity) {
                continue;
            }
            if (++near > neighbourCap) {
                return true;
            }
            int theirs = 2; // page[p] and the new item
            for (int q = 0; q < placed; q++) {
                if (q != p && similarity.of(page[p], page[q]) >= neighbourSimilarity && ++theirs > neighbourCap) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The candidates in maximal-marginal-relevance order: the first {@code min(count, max(4·wanted,
     * wanted + 50))} (the best by score; relevance is scaled to [0, 1] over them) greedily, the rest
     * after them in score order. The cost is one cosine per considered candidate and placed item.
     */
    private int[] diversify(int[] ordered, float[] scores, int count, int wanted, Similarity similarity) {
        int considered = Math.min(count, Math.max(4 * wanted, wanted + 50));
        double best = Double.NEGATIVE_INFINITY;
        double worst = Double.POSITIVE_INFINITY;
        for (int c = 0; c < considered; c++) {
            best = Math.max(best, scores[c]);
            worst = Math.min(worst, scores[c]);
        }
        double range = best > worst ? best - worst : 1;
        int[] result = ordered.clone();
        boolean[] taken = new boolean[considered];
        // The largest cosine of each candidate to the items chosen so far.
        double[] nearest = new double[considered];
        Arrays.fill(nearest, Double.NEGATIVE_INFINITY);
        for (int position = 0; position < considered; position++) {
            int chosen = -1;
            double chosenValue = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < considered; c++) {
                if (taken[c]) {
                    continue;
                }
                double penalty = position == 0 ? 0 : Math.max(0, nearest[c]);
                double value = (1 - diversity) * (scores[c] - worst) / range - diversity * penalty;
                if (value > chosenValue) {
                    chosenValue = value;
                    chosen = c;
                }
            }
            taken[chosen] = true;
            result[position] = ordered[chosen];
            for (int c = 0; c < considered; c++) {
                if (!taken[c]) {
                    nearest[c] = Math.max(nearest[c], similarity.of(ordered[c], ordered[chosen]));
                }
            }
        }
        return result;
    }
}
