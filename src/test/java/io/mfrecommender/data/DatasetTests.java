package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetTests {

    /** Users 100, 200; items 7, 8, 9. Rows sort as (100,7) (100,9) (200,8) (200,9). */
    private static Dataset small() {
        return new DatasetBuilder()
                .add(200, 9, 2, 40)
                .add(100, 9, 5, 10)
                .add(200, 8, 3, 30)
                .add(100, 7, 4, 20)
                .build(null);
    }

    @Test
    void rowsAreSortedByUserThenItem() {
        Dataset d = small();
        assertThat(d.userId(0)).isEqualTo(200);
        long[][] pairs = new long[d.size()][];
        for (int row = 0; row < d.size(); row++) {
            pairs[row] = new long[] {d.userIndex(row), d.itemIndex(row)};
        }
        for (int row = 1; row < d.size(); row++) {
            assertThat(pairs[row][0] > pairs[row - 1][0]
                            || (pairs[row][0] == pairs[row - 1][0] && pairs[row][1] > pairs[row - 1][1]))
                    .isTrue();
        }
    }

    @Test
    void mapsIdsBothWays() {
        Dataset d = small();
        assertThat(d.users().indexOf(100)).hasValue(1);
        assertThat(d.users().idOf(0)).isEqualTo(200);
        assertThat(d.items().indexOf(42)).isEmpty();
        assertThat(d.items().indexOrMinusOne(42)).isEqualTo(-1);
        assertThat(d.items().toArray()).containsExactly(9, 8, 7);
    }

    @Test
    void offsetsDelimitEachUsersRows() {
        Dataset d = small();
        assertThat(d.userOffsets()).containsExactly(0, 2, 4);
    }

    @Test
    void subsetSharesIndicesAndCompactedDropsUnusedIds() {
        Dataset d = small();
        Dataset sub = d.subset(new int[] {0, 1});
        assertThat(sub.size()).isEqualTo(2);
        assertThat(sub.users()).isSameAs(d.users());
        Dataset compact = sub.compacted();
        assertThat(compact.users().size()).isEqualTo(1);
        assertThat(compact.items().size()).isEqualTo(2);
        assertThat(compact.userId(1)).isEqualTo(200);
        assertThat(compact.itemId(0)).isEqualTo(sub.itemId(0));
        assertThatThrownBy(() -> d.subset(new int[] {1, 0})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fingerprintDependsOnContentNotOnArrivalOrder() {
        Dataset a = small();
        Dataset b = new DatasetBuilder()
                .add(100, 7, 4, 20)
                .add(100, 9, 5, 10)
                .add(200, 8, 3, 30)
                .add(200, 9, 2, 40)
                .build(null);
        Dataset c = new DatasetBuilder()
                .add(100, 7, 4, 20)
                .add(100, 9, 5, 10)
                .add(200, 8, 3, 30)
                .add(200, 9, 1, 40)
                .build(null);
        assertThat(a.fingerprint())
                .isEqualTo(new DatasetBuilder().addAll(a).build(null).fingerprint())
                .hasSize(64);
        assertThat(b.fingerprint()).isNotEqualTo(c.fingerprint());
        assertThat(a.meanRating()).isEqualTo(3.5);
    }

    @Test
    void scaleComesFromTheDataUnlessConfigured() {
        assertThat(small().scale()).isEqualTo(new RatingScale(2, 5));
        Dataset configured = new DatasetBuilder().add(1, 1, 3, 0).build(new RatingScale(0, 10));
        assertThat(configured.scale()).isEqualTo(new RatingScale(0, 10));
    }

    @Test
    void ratingScaleMapsFiveStarThresholds() {
        assertThat(new RatingScale(1, 5).fromFiveStar(4)).isEqualTo(4.0);
        assertThat(new RatingScale(0, 10).fromFiveStar(4)).isEqualTo(7.5);
        assertThat(new RatingScale(0, 10).clip(11)).isEqualTo(10.0);
        assertThatThrownBy(() -> new RatingScale(5, 1)).hasMessageContaining("min <= max");
    }

    @Test
    void longIntMapGrowsAndFindsEveryKey() {
        LongIntMap map = new LongIntMap(2);
        for (int i = 0; i < 10_000; i++) {
            assertThat(map.putIfAbsent(i * 7919L - 5_000_000L, i)).isEqualTo(i);
        }
        for (int i = 0; i < 10_000; i++) {
            assertThat(map.get(i * 7919L - 5_000_000L)).isEqualTo(i);
        }
        assertThat(map.putIfAbsent(-5_000_000L, 99)).isZero();
        assertThat(map.get(3)).isEqualTo(LongIntMap.MISSING);
        assertThat(map.size()).isEqualTo(10_000);
    }
}
