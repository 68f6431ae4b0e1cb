package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.model.TinyServing;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListRulesTests {

    /** Items 0..5 best first; predicted ratings by item; 1, 2 and 3 are one series (cosine 0.9), the rest apart. */
    private static final double[] PREDICTED = {4, 2, 4.5, 3, 1.5, 4};

    private static double similarity(int a, int b) {
        boolean series = a >= 1 && a <= 3 && b >= 1 && b <= 3;
        return a == b || series ? 0.9 : 0.1;
    }

    private static int[] page(ListRules rules, int size) {
        int[] page = new int[size];
        int placed =
                rules.apply(new int[] {0, 1, 2, 3, 4, 5}, 6, item -> PREDICTED[item], ListRulesTests::similarity, page);
        return Arrays.copyOf(page, placed);
    }

    @Test
    void noRulesKeepTheRankersOrder() {
        assertThat(page(ListRules.NONE, 4)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void theFloorLeavesOutWhatTheRatingModelExpectsTheUserToDislike() {
        assertThat(page(new ListRules(2.5, 0, 1), 6)).containsExactly(0, 2, 3, 5);
    }

    /** With a cap of two, the third of the series waits; it comes last, and only when nothing else is left. */
    @Test
    void theCapKeepsOneSeriesFromTakingThePage() {
        assertThat(page(new ListRules(Double.NaN, 2, 0.8), 4)).containsExactly(0, 1, 2, 4);
        assertThat(page(new ListRules(Double.NaN, 2, 0.8), 6)).containsExactly(0, 1, 2, 4, 5, 3);
    }

    /** In order, a page of four needs no waiting item; a page of six needs the third of the series. */
    @Test
    void aPageFilledInOrderIsTheOneLongerListsMake() {
        ListRules rules = new ListRules(Double.NaN, 2, 0.8);
        int[] ordered = {0, 1, 2, 3, 4, 5};
        int[] four = new int[4];
        assertThat(rules.fillsInOrder(ordered, 5, item -> PREDICTED[item], ListRulesTests::similarity, four))
                .isTrue();
        assertThat(four).containsExactly(page(rules, 4));
        assertThat(rules.fillsInOrder(ordered, 6, item -> PREDICTED[item], ListRulesTests::similarity, new int[6]))
                .isFalse();
    }

    /**
     * Maximal marginal relevance with d = 0.5 over scores 1, 0.9, 0.8, 0.7, 0.5, 0.2 (scaled to 1,
     * 0.875, 0.75, 0.625, 0.375, 0), value {@code 0.5·rel − 0.5·max cos to those placed}: 0 first;
     * then 1 (0.4375 − 0.05); then 4 (0.1875 − 0.05 = 0.1375 against 0.375 − 0.45 for 2, the series
     * being near 1); then 5 (−0.05 against −0.075 for 2 and −0.1375 for 3); then 2, 3.
     */
    @Test
    void diversityTradesRelevanceForDistanceFromWhatIsAbove() {
        float[] scores = {1.0f, 0.9f, 0.8f, 0.7f, 0.5f, 0.2f};
        assertThat(diversified(0.5, scores)).containsExactly(0, 1, 4, 5, 2, 3);
        assertThat(diversified(0, scores)).containsExactly(0, 1, 2, 3, 4, 5);
    }

    private static int[] diversified(double diversity, float[] scores) {
        int[] page = new int[6];
        int placed = new ListRules(Double.NaN, 0, 1, diversity)
                .apply(
                        new int[] {0, 1, 2, 3, 4, 5},
                        scores,
                        6,
                        item -> PREDICTED[item],
                        ListRulesTests::similarity,
                        page);
        return Arrays.copyOf(page, placed);
    }

    /**
     * {@link TinyServing#withRanker()}: user 20's unrated movies by the ranker are 200 (predicted 3.5)
     * and 100 (predicted 2.25). The default floor of 2.5 stars (2.5 on this 1..5 scale) leaves 100 out.
     */
    @Test
    void theDefaultFloorLeavesOutACardThatContradictsItself() {
        assertThat(recommend(2.5)).containsExactly(200L);
        assertThat(recommend(0)).containsExactly(200L, 100L);
    }

    private static List<Long> recommend(double minPredictedStars) {
        ServedVersion served = new ServedVersion();
        served.activate(TinyServing.withRanker());
        RecommendationService service = new RecommendationService(
                served,
                ServingProperties.defaults().withPopularity(Popularity.COUNT).withPageRules(minPredictedStars, 4),
                new SimpleMeterRegistry());
        return service.recommend(20, 10, 0, true, null, null).items().stream()
                .map(Recommendation::movieId)
                .toList();
    }
}
