package io.mfrecommender.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.data.IdIndex;
import org.junit.jupiter.api.Test;

class PopularityTests {

    /**
     * Item 1: ratings 5, 5 (n = 2, Σ = 10); item 2: 4, 4, 4, 4 (n = 4, Σ = 16); item 3: 1 (n = 1);
     * item 4 unrated. μ = 27 / 7; with m = 1 the damped means are (10 + μ) / 3 = 4.619,
     * (16 + μ) / 5 = 3.971, (1 + μ) / 2 = 2.429:
     * <pre>
     *   count:            2, 4, 1, 0          order 2, 1, 3, 4
     *   damped mean:      4.619, 3.971, 2.429 order 1, 2, 3, 4 (unrated last)
     *   count × damped:   9.238, 15.886, 2.429, 0   order 2, 1, 3, 4
     * </pre>
     */
    @Test
    void scoresEachPolicyAsComputedByHand() {
        Dataset ratings = new DatasetBuilder()
                .add(1, 1, 5, 0)
                .add(2, 1, 5, 0)
                .add(1, 2, 4, 0)
                .add(2, 2, 4, 0)
                .add(3, 2, 4, 0)
                .add(4, 2, 4, 0)
                .add(1, 3, 1, 0)
                .build(null);
        IdIndex items = IdIndex.of(new long[] {1, 2, 3, 4});
        double mu = 27.0 / 7;
        assertThat(Popularity.COUNT.scores(ratings, items, 1)).containsExactly(2, 4, 1, 0);
        float[] damped = Popularity.DAMPED_MEAN.scores(ratings, items, 1);
        assertThat((double) damped[0]).isCloseTo((10 + mu) / 3, within(1e-5));
        assertThat((double) damped[2]).isCloseTo((1 + mu) / 2, within(1e-5));
        float[] product = Popularity.COUNT_TIMES_MEAN.scores(ratings, items, 1);
        assertThat((double) product[1]).isCloseTo(4 * (16 + mu) / 5, within(1e-5));
        assertThat(Popularity.order(Popularity.COUNT.scores(ratings, items, 1))).containsExactly(1, 0, 2, 3);
        assertThat(Popularity.order(damped)).containsExactly(0, 1, 2, 3);
        assertThat(Popularity.order(product)).containsExactly(1, 0, 2, 3);
    }

    /** Users with events on a movie add to its count; its mean stays the ratings'. */
    @Test
    void usersWithEventsAddToTheCountNotToTheMean() {
        Dataset ratings = new DatasetBuilder().add(1, 1, 5, 0).add(1, 2, 3, 0).build(null);
        IdIndex items = IdIndex.of(new long[] {1, 2, 3});
        int[] interested = {0, 3, 2};
        assertThat(Popularity.COUNT.scores(ratings, items, 1, interested)).containsExactly(1, 4, 2);
        double mu = 4;
        float[] product = Popularity.COUNT_TIMES_MEAN.scores(ratings, items, 1, interested);
        // count n + events, damped mean (Σr + m μ) / (n + m) over the n ratings only
        assertThat((double) product[1]).isCloseTo(4 * (3 + mu) / 2, within(1e-5));
        assertThat((double) product[2]).isCloseTo(2 * mu, within(1e-5));
        assertThat(Popularity.COUNT.scores(ratings, items, 1, null)).containsExactly(1, 1, 0);
    }

    @Test
    void parsesTheConfigurationNames() {
        assertThat(Popularity.parse(" Count-Times-Mean ")).isEqualTo(Popularity.COUNT_TIMES_MEAN);
        assertThat(Popularity.DAMPED_MEAN.id()).isEqualTo("damped-mean");
        assertThatThrownBy(() -> Popularity.parse("stars"))
                .hasMessageContaining("use count, damped-mean or count-times-mean");
    }
}
