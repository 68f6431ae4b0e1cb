package io.mfrecommender.recommendation;

import io.mfrecommender.index.ItemIndex;
import io.mfrecommender.linalg.TopK;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingModel;
import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;

/**
 * How a page is made, once for every candidate source: the best candidates, a few times more than
 * the page wants, are handed to the list rules; when the rules leave the page short (a floor, a
 * neighbour cap, a filter) four times as many are taken, until the page is full or the candidates
 * run out. Without diversity, twice the page is tried first: when it fills the page in order, the
 * page is the one the larger pool makes ({@link ListRules#fillsInOrder}), and selecting 20 of a
 * catalogue's scores costs a fifth of selecting 60 (docs/performance.md). The sources: every
 * item's score (an exact scan), the index's graph walk re-scored exactly, and an {@code include}
 * list scored exactly. Both ranked paths start from the same pool, so they hand the rules the same
 * candidates.
 */
final class CandidatePages {

    /**
     * Filters admitting at most this many movies are scored exactly, without a walk: scoring 20,000
     * rows costs about what a filtered walk costs before it gives up (1M movies, a genre of 10,000:
     * 5.8 ms through the walk, docs/performance.md).
     */
    static final int FILTERED_SCAN_BELOW = 20_000;

    private CandidatePages() {}

    /** The best candidates of a source, best first, and whether it has no more to give. */
    record Candidates(int[] items, float[] scores, int count, boolean exhausted) {}

    /** Where candidates come from. */
    interface Source {
        /** The best {@code pool} candidates (fewer when it has fewer), or null when it cannot serve. */
        Candidates best(int pool);
    }

    /**
     * The first {@code wanted} items of the page the rules make of {@code source}'s candidates, of
     * at most {@code admittable}; null when the source could not serve (the caller scans instead).
     */
    static int[] fill(
            Source source,
            int admittable,
            int wanted,
            ListRules rules,
            IntToDoubleFunction predicted,
            ListRules.Similarity similarity) {
        int[] page = new int[Math.min(admittable, wanted)];
        int pool = firstPool(wanted, admittable);
        int prefix = Math.min(pool, 2 * wanted);
        if (rules.diversity() == 0 && prefix < pool) {
            Candidates candidates = source.best(prefix);
            if (candidates == null) {
                return null;
            }
            if (rules.fillsInOrder(candidates.items(), candidates.count(), predicted, similarity, page)) {
                return page;
            }
        }
        while (true) {
            Candidates candidates = source.best(pool);
            if (candidates == null) {
                return null;
            }
            int placed = rules.apply(
                    candidates.items(), candidates.scores(), candidates.count(), predicted, similarity, page);
            if (placed == page.length || candidates.exhausted() || pool >= admittable) {
                return placed == page.length ? page : Arrays.copyOf(page, placed);
            }
            pool = (int) Math.min(admittable, 4L * pool);
        }
    }

    /** How many of the best candidates the rules first see for a page of {@code wanted}: a few times more. */
    static int firstPool(int wanted, int candidates) {
        return Math.min(candidates, Math.max(4 * wanted, wanted + 50));
    }

    /** Every item's score ({@code −∞} for those the rules do not admit): an exact scan. */
    static Source scan(float[] scores, int items) {
        return pool -> {
            int[] top = new int[pool];
            float[] topScores = new float[pool];
            int found = TopK.select(scores, 0, items, top, topScores);
            return new Candidates(top, topScores, found, found < pool);
        };
    }

    /**
     * The {@code include} list alone: each listed movie the other rules admit is scored exactly
     * (ranker or rating model), all of them at once. Its size is {@link #admittable}.
     */
    static Source included(ServingModel serving, ServedUser user, boolean ranked, int[] candidates) {
        return pool -> {
            float[] scores = new float[candidates.length];
            if (ranked) {
                serving.rankItems(serving.rankerQuery(user), candidates, candidates.length, scores);
            } else {
                for (int c = 0; c < candidates.length; c++) {
                    scores[c] = (float) serving.score(user, candidates[c]);
                }
            }
            return ordered(candidates, scores, candidates.length, candidates.length, true);
        };
    }

    /**
     * The index's graph walk: candidates admitted by every filter (filters apply inside the walk, so
     * they cost no recall), re-scored exactly by the ranker. The walk's own top is least sure at its
     * tail, so it collects {@code perResult} candidates per movie asked for. A filter too narrow for
     * the walk (it gives up after visiting as many items as the filter admits) is served by scoring
     * the admitted items exactly; without a filter, a walk that cannot serve (the index closed
     * mid-request) yields null. Movies placed since training are not in the index: each admitted one
     * is a candidate. A walk is remembered for the next pool that asks for no more candidates (a
     * page's small first pool and the larger one after it fetch the same), so it is not walked twice.
     *
     * @param genreItems the items of the requested genre, null for all
     */
    static Source walk(
            ServingModel serving, float[] query, int[] genreItems, IntPredicate admitted, int wanted, int perResult) {
        ItemIndex index = serving.index().orElseThrow();
        int items = serving.itemCount();
        int trained = serving.model().items().size();
        int admittable = genreItems == null ? items : genreItems.length;
        int visitLimit = genreItems == null ? Integer.MAX_VALUE : genreItems.length;
        Walked[] last = new Walked[1];
        return pool -> {
            int fetch = Math.min(admittable, Math.max(pool, perResult * wanted));
            Walked walk = last[0];
            if (walk == null || walk.fetch() != fetch) {
                int[] candidates = new int[fetch];
                int found = genreItems != null && genreItems.length <= FILTERED_SCAN_BELOW
                        ? -1
                        : index.search(ItemIndex.Space.INNER_PRODUCT, query, fetch, admitted, visitLimit, candidates);
                int walked = found;
                if (found < 0) {
                    if (genreItems == null) {
                        return null;
                    }
                    candidates = filter(genreItems, item -> admitted.test(item) && serving.recommendable(item));
                    found = candidates.length;
                    walked = found;
                } else if (items > trained) {
                    candidates = Arrays.copyOf(candidates, found + items - trained);
                    for (int item = trained; item < items; item++) {
                        if (admitted.test(item) && serving.recommendable(item)) {
                            candidates[found++] = item;
                        }
                    }
                }
                float[] exact = new float[found];
                serving.rankItems(query, candidates, found, exact);
                walk = new Walked(fetch, candidates, exact, found, walked);
                last[0] = walk;
            }
            return ordered(
                    walk.candidates(), walk.exact(), walk.found(), Math.min(walk.found(), pool), walk.walked() < pool);
        };
    }

    /** One walk's candidates, re-scored exactly: {@code found} of them, {@code walked} from the index itself. */
    private record Walked(int fetch, int[] candidates, float[] exact, int found, int walked) {}

    /** The {@code limit} best of {@code candidates[0..found)} by {@code scores}, best first. */
    private static Candidates ordered(int[] candidates, float[] scores, int found, int limit, boolean exhausted) {
        int[] order = new int[limit];
        float[] orderScores = new float[limit];
        int ranked = TopK.select(scores, 0, found, order, orderScores);
        int[] items = new int[ranked];
        for (int r = 0; r < ranked; r++) {
            items[r] = candidates[order[r]];
        }
        return new Candidates(items, orderScores, ranked, exhausted);
    }

    static int[] filter(int[] items, IntPredicate keep) {
        int[] kept = new int[items.length];
        int count = 0;
        for (int item : items) {
            if (keep.test(item)) {
                kept[count++] = item;
            }
        }
        return Arrays.copyOf(kept, count);
    }
}
