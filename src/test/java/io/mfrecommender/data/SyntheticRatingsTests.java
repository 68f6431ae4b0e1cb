package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticRatingsTests {

    private final SyntheticRatings spec = new SyntheticRatings(500, 300, 20_000, 5, 0.5, 0.8, 0.9, 11);

    @Test
    void makesExactlyTheRequestedNumberOfDistinctRatingsOnTheScale() {
        Dataset d = spec.generate();
        assertThat(d.size()).isEqualTo(20_000);
        assertThat(d.scale()).isEqualTo(new RatingScale(1, 5));
        for (int row = 0; row < d.size(); row++) {
            assertThat(d.rating(row)).isBetween(1f, 5f);
            assertThat(d.rating(row) % 1f).isZero();
        }
    }

    @Test
    void sameSeedSameRatingsAndOtherSeedOtherRatings() {
        assertThat(spec.generate().fingerprint()).isEqualTo(spec.generate().fingerprint());
        SyntheticRatings other = new SyntheticRatings(500, 300, 20_000, 5, 0.5, 0.8, 0.9, 12);
        assertThat(other.generate().fingerprint()).isNotEqualTo(spec.generate().fingerprint());
    }

    @Test
    void popularityIsSkewed() {
        Dataset d = spec.generate();
        int[] perItem = new int[d.items().size()];
        for (int row = 0; row < d.size(); row++) {
            perItem[d.itemIndex(row)]++;
        }
        Arrays.sort(perItem);
        int median = perItem[perItem.length / 2];
        int top = perItem[perItem.length - 1];
        assertThat(top).isGreaterThan(4 * median);
    }

    @Test
    void writesAFileThatReadsBackToTheSameRatings(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("synthetic.dat");
        spec.writeTo(file);
        Dataset read = new RatingsReader(ParseMode.STRICT, null).read(file).dataset();
        assertThat(read.fingerprint()).isEqualTo(spec.generate().fingerprint());
    }

    @Test
    void rejectsImpossibleShapes() {
        assertThatThrownBy(() -> new SyntheticRatings(10, 10, 60, 2, 0.5, 0, 0, 1))
                .hasMessageContaining("at most half");
    }
}
