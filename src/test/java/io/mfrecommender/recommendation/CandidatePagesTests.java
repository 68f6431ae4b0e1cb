package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.linalg.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The page {@link CandidatePages#fill} makes: the same as the rules make of the pools of four times
 * more, grown until the page fills (the definition), whether or not the smaller first try decides it.
 */
class CandidatePagesTests {

    private static final int ITEMS = 400;

    @Test
    void theFirstSmallPoolMakesThePageTheLargePoolsMake() {
        Random random = new Random(11);
        int decidedSmall = 0;
        int grew = 0;
        for (int trial = 0; trial < 600; trial++) {
            float[] scores = new float[ITEMS];
            double[] predicted = new double[ITEMS];
            int[] series = new int[ITEMS];
            int seriesCount = 1 + random.nextInt(40); // few series: the cap bites often
            for (int i = 0; i < ITEMS; i++) {
                scores[i] = random.nextInt(10) == 0 ? Float.NEGATIVE_INFINITY : (float) random.nextGaussian();
                predicted[i] = 1 + 4 * random.nextDouble();
                series[i] = random.nextInt(seriesCount);
            }
            ListRules.Similarity similarity = (a, b) -> a == b || series[a] == series[b] ? 0.9 : 0.1;
            ListRules rules = new ListRules(random.nextBoolean() ? 1 + 3 * random.nextDouble() : Double.NaN, 2, 0.8);
            int wanted = 1 + random.nextInt(30);
            List<Integer> pools = new ArrayList<>();
            CandidatePages.Source scan = CandidatePages.scan(scores, ITEMS);
            CandidatePages.Source counted = pool -> {
                pools.add(pool);
                return scan.best(pool);
            };

            int[] page = CandidatePages.fill(counted, ITEMS, wanted, rules, item -> predicted[item], similarity);

            assertThat(page)
                    .as("trial %d", trial)
                    .containsExactly(byGrowingPools(scores, wanted, rules, predicted, similarity));
            if (pools.get(0) < CandidatePages.firstPool(wanted, ITEMS)) {
                decidedSmall += pools.size() == 1 ? 1 : 0;
                grew += pools.size() == 1 ? 0 : 1;
            }
        }
        // Both ways were taken, so both were compared.
        assertThat(decidedSmall).isGreaterThan(50);
        assertThat(grew).isGreaterThan(0);
    }

    @Test
    void diversityStartsFromTheLargePool() {
        float[] scores = new float[ITEMS];
        Random random = new Random(3);
        for (int i = 0; i < ITEMS; i++) {
            scores[i] = (float) random.nextGaussian();
        }
        AtomicInteger smallest = new AtomicInteger(Integer.MAX_VALUE);
        CandidatePages.Source scan = CandidatePages.scan(scores, ITEMS);
        CandidatePages.fill(
                pool -> {
                    smallest.accumulateAndGet(pool, Math::min);
                    return scan.best(pool);
                },
                ITEMS,
                10,
                new ListRules(Double.NaN, 0, 1, 0.3),
                item -> 3,
                (a, b) -> 0);
        assertThat(smallest.get()).isEqualTo(CandidatePages.firstPool(10, ITEMS));
    }

    /** The rules over the best 60, 240, … candidates until the page fills or every candidate was seen. */
    private static int[] byGrowingPools(
            float[] scores, int wanted, ListRules rules, double[] predicted, ListRules.Similarity similarity) {
        int[] page = new int[wanted];
        for (int pool = CandidatePages.firstPool(wanted, ITEMS); ; pool = Math.min(ITEMS, 4 * pool)) {
            int[] top = new int[pool];
            int found = TopK.select(scores, 0, ITEMS, top, new float[pool]);
            int placed = rules.apply(top, found, item -> predicted[item], similarity, page);
            if (placed == wanted || found < pool || pool == ITEMS) {
                return Arrays.copyOf(page, placed);
            }
        }
    }
}
