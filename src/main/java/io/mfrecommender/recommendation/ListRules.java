package io.mfrecommender.recommendation;

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
 * </ul>
 *
 * @param floor               lowest predicted rating shown, on the data's scale; NaN: no floor
 * @param neighbourCap        most items of one neighbourhood on a page (the item and its neighbours); 0: no cap
 * @param neighbourSimilarity cosine at which two items are neighbours
 */
public record ListRules(double floor, int neighbourCap, double neighbourSimilarity) {

    public static final ListRules NONE = new ListRules(Double.NaN, 0, 1);

    /** Pairwise similarity of two items. */
    @FunctionalInterface
    public interface Similarity {
        double of(int a, int b);
    }

    /**
     * Fills {@code page} with items from {@code ordered[0..count)} (best first) as the rules allow.
     *
     * @return how many were placed (fewer than {@code page.length} when the candidates ran out)
     */
    public int apply(int[] ordered, int count, IntToDoubleFunction predicted, Similarity similarity, int[] page) {
        int placed = 0;
        int[] waiting = new int[count];
        int waited = 0;
        for (int c = 0; c < count && placed < page.length; c++) {
            int item = ordered[c];
            if (!Double.isNaN(floor) && predicted.applyAsDouble(item) < floor) {
                continue;
            }
            if (neighbourCap > 0 && crowds(item, page, placed, similarity)) {
                waiting[waited++] = item;
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
}
