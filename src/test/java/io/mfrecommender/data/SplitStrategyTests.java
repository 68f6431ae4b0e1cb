package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitStrategyTests {

    private final Dataset data = new SyntheticRatings(200, 150, 6_000, 4, 0.5, 0.8, 0.8, 7).generate();

    @Test
    void randomSplitHasTheRequestedSizeAndPartitionsTheRatings() {
        Split split = new SplitStrategy.Random(0.7).apply(data, 1);
        assertThat(split.train().size()).isEqualTo(4_200);
        assertThat(split.test().size()).isEqualTo(1_800);
        Set<Long> train = keys(split.train());
        Set<Long> test = keys(split.test());
        assertThat(train).doesNotContainAnyElementsOf(test);
        Set<Long> all = new HashSet<>(train);
        all.addAll(test);
        assertThat(all).isEqualTo(keys(data));
    }

    @Test
    void splitsAreDeterministicForASeedAndDifferAcrossSeeds() {
        SplitStrategy random = new SplitStrategy.Random(0.9);
        assertThat(keys(random.apply(data, 5).test()))
                .isEqualTo(keys(random.apply(data, 5).test()));
        assertThat(keys(random.apply(data, 5).test()))
                .isNotEqualTo(keys(random.apply(data, 6).test()));
        SplitStrategy perUser = new SplitStrategy.PerUser(0.2);
        assertThat(keys(perUser.apply(data, 5).test()))
                .isEqualTo(keys(perUser.apply(data, 5).test()));
    }

    @Test
    void perUserSplitHoldsOutAFractionOfEachUserAndKeepsOneForTraining() {
        Split split = new SplitStrategy.PerUser(0.2).apply(data, 3);
        int[] trainOffsets = split.train().userOffsets();
        int[] testOffsets = split.test().userOffsets();
        int[] allOffsets = data.userOffsets();
        for (int u = 0; u < data.users().size(); u++) {
            int total = allOffsets[u + 1] - allOffsets[u];
            int held = testOffsets[u + 1] - testOffsets[u];
            assertThat(trainOffsets[u + 1] - trainOffsets[u]).isGreaterThanOrEqualTo(1);
            assertThat(held).isEqualTo(Math.min(total - 1, (int) Math.round(total * 0.2)));
        }
        assertThat(split.test().size() / (double) data.size()).isCloseTo(0.2, within(0.03));
    }

    @Test
    void temporalSplitHoldsOutEachUsersLatestRatings() {
        Dataset d = new DatasetBuilder()
                .add(1, 10, 5, 100)
                .add(1, 11, 4, 300)
                .add(1, 12, 3, 200)
                .add(1, 13, 2, 50)
                .add(2, 10, 1, 10)
                .build(null);
        Split split = new SplitStrategy.Temporal(2).apply(d, 0);
        assertThat(keys(split.test())).containsExactlyInAnyOrder(key(1, 11), key(1, 12));
        assertThat(keys(split.train())).containsExactlyInAnyOrder(key(1, 10), key(1, 13), key(2, 10));
    }

    @Test
    void parsesTheCommandLineNotation() {
        assertThat(SplitStrategy.parse("random:0.9")).isEqualTo(new SplitStrategy.Random(0.9));
        assertThat(SplitStrategy.parse("per-user:0.1")).isEqualTo(new SplitStrategy.PerUser(0.1));
        assertThat(SplitStrategy.parse("temporal:5")).isEqualTo(new SplitStrategy.Temporal(5));
        assertThat(SplitStrategy.parse("random:0.9").toString()).isEqualTo("random:0.9");
        assertThatThrownBy(() -> SplitStrategy.parse("random")).hasMessageContaining("must look like");
        assertThatThrownBy(() -> SplitStrategy.parse("random:1.5")).hasMessageContaining("strictly between 0 and 1");
        assertThatThrownBy(() -> SplitStrategy.parse("shuffle:0.5")).hasMessageContaining("unknown split 'shuffle'");
        assertThatThrownBy(() -> SplitStrategy.parse("temporal:x")).hasMessageContaining("malformed number");
        assertThatThrownBy(() -> SplitStrategy.parse("temporal:0")).hasMessageContaining("at least 1");
    }

    private static long key(long user, long item) {
        return user * 1_000_000 + item;
    }

    private static Set<Long> keys(Dataset d) {
        Set<Long> keys = new HashSet<>();
        for (int row = 0; row < d.size(); row++) {
            keys.add(key(d.userId(row), d.itemId(row)));
        }
        return keys;
    }

    @Test
    void coveringHoldsOutAboutTheShareButKeepsEveryUserAndMovieInTraining() {
        Dataset data = new SyntheticRatings(400, 300, 6_000, 3, 0.5, 0.8, 1.2, 9).generate();
        Split split = new SplitStrategy.Covering(0.2).apply(data, 3);
        assertThat(split.train().size() + split.test().size()).isEqualTo(data.size());
        assertThat(split.test().size()).isBetween((int) (data.size() * 0.12), (int) (data.size() * 0.21));
        assertThat(split.train().compacted().users().size())
                .isEqualTo(data.users().size());
        assertThat(split.train().compacted().items().size())
                .isEqualTo(data.items().size());
        assertThat(new SplitStrategy.Covering(0.2).apply(data, 3).test().fingerprint())
                .isEqualTo(split.test().fingerprint());
        assertThat(SplitStrategy.parse("covering:0.1")).isEqualTo(new SplitStrategy.Covering(0.1));
    }
}
