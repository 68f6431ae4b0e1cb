package io.mfrecommender.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index on its own: what it finds against exact search, filters inside the walk, what it refuses to open. */
class ItemIndexTests {

    private static final int N = 3_000;
    private static final int K = 16;

    @TempDir
    static Path dir;

    private static float[] rows;
    private static float[] unit;
    private static Path built;

    /** 30 clusters of items with log-normal lengths, seeded. */
    @BeforeAll
    static void build() {
        SplittableRandom random = new SplittableRandom(5);
        float[] centres = new float[30 * K];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) random.nextGaussian();
        }
        rows = new float[N * K];
        unit = new float[N * K];
        for (int i = 0; i < N; i++) {
            int c = random.nextInt(30);
            double scale = Math.exp(0.4 * random.nextGaussian());
            double norm = 0;
            for (int f = 0; f < K; f++) {
                rows[i * K + f] = (float) (scale * (centres[c * K + f] + 0.7 * random.nextGaussian()));
                norm += rows[i * K + f] * rows[i * K + f];
            }
            for (int f = 0; f < K; f++) {
                unit[i * K + f] = (float) (rows[i * K + f] / Math.sqrt(norm));
            }
        }
        built = dir.resolve("index");
        ItemIndex.build(rows, unit, N, K, "unit", ItemIndex.Shape.DEFAULT, built, 1);
    }

    private static float[] query(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] q = new float[K];
        for (int f = 0; f < K; f++) {
            q[f] = (float) random.nextGaussian();
        }
        return q;
    }

    private static Set<Integer> exactTop(float[] matrix, float[] q, int k, IntPredicate accept) {
        Integer[] order = new Integer[N];
        double[] score = new double[N];
        for (int i = 0; i < N; i++) {
            order[i] = i;
            for (int f = 0; f < K; f++) {
                score[i] += q[f] * matrix[i * K + f];
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        Set<Integer> top = new HashSet<>();
        for (int r = 0; r < N && top.size() < k; r++) {
            if (accept.test(order[r])) {
                top.add(order[r]);
            }
        }
        return top;
    }

    @Test
    void findsTheExactTopTenByInnerProductAndByCosine() {
        try (ItemIndex index = ItemIndex.open(built, rows, unit, N, K, "unit")) {
            assertThat(index.size()).isEqualTo(N);
            double innerRecall = 0;
            double cosineRecall = 0;
            for (int q = 0; q < 50; q++) {
                float[] query = query(q);
                int[] found = new int[100];
                int count = index.search(ItemIndex.Space.INNER_PRODUCT, query, 100, null, Integer.MAX_VALUE, found);
                assertThat(count).isEqualTo(100);
                innerRecall += overlap(exactTop(rows, query, 10, i -> true), found, count) / 10.0;
                count = index.search(ItemIndex.Space.COSINE, query, 100, null, Integer.MAX_VALUE, found);
                cosineRecall += overlap(exactTop(unit, query, 10, i -> true), found, count) / 10.0;
            }
            assertThat(innerRecall / 50).isGreaterThanOrEqualTo(0.98);
            assertThat(cosineRecall / 50).isGreaterThanOrEqualTo(0.98);
        }
    }

    private static int overlap(Set<Integer> truth, int[] found, int count) {
        int hits = 0;
        for (int c = 0; c < count; c++) {
            if (truth.contains(found[c])) {
                hits++;
            }
        }
        return hits;
    }

    @Test
    void filtersInsideTheWalkWithoutLosingRecall() {
        try (ItemIndex index = ItemIndex.open(built, rows, unit, N, K, "unit")) {
            double recall = 0;
            for (int q = 0; q < 30; q++) {
                float[] query = query(100 + q);
                int[] found = new int[50];
                int count = index.search(
                        ItemIndex.Space.INNER_PRODUCT, query, 50, i -> i % 3 == 0, Integer.MAX_VALUE, found);
                assertThat(count).isEqualTo(50);
                for (int c = 0; c < count; c++) {
                    assertThat(found[c] % 3).isZero();
                }
                recall += overlap(exactTop(rows, query, 10, i -> i % 3 == 0), found, count) / 10.0;
            }
            assertThat(recall / 30).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void aFilterNarrowerThanTheWalkAnswersIncompleteSoTheCallerScans() {
        try (ItemIndex index = ItemIndex.open(built, rows, unit, N, K, "unit")) {
            int[] found = new int[10];
            // 30 admitted items (1%): the walk may visit only as many items as the filter admits.
            assertThat(index.search(ItemIndex.Space.INNER_PRODUCT, query(7), 10, i -> i % 100 == 0, 30, found))
                    .isEqualTo(-1);
        }
    }

    @Test
    void opensOnlyAgainstTheVectorsItWasBuiltFrom() {
        float[] other = rows.clone();
        other[17] += 1e-3f;
        assertThatThrownBy(() -> ItemIndex.open(built, other, unit, N, K, "unit"))
                .isInstanceOf(IndexMismatchException.class)
                .hasMessageContaining("checksum");
        float[] otherUnit = unit.clone();
        otherUnit[3] = -otherUnit[3];
        assertThatThrownBy(() -> ItemIndex.open(built, rows, otherUnit, N, K, "unit"))
                .isInstanceOf(IndexMismatchException.class)
                .hasMessageContaining("other similarity vectors");
        assertThatThrownBy(() -> ItemIndex.open(built, rows, unit, N, K, "other rule"))
                .isInstanceOf(IndexMismatchException.class)
                .hasMessageContaining("another rule");
        assertThatThrownBy(() -> ItemIndex.open(
                        built, Arrays.copyOf(rows, (N - 1) * K), Arrays.copyOf(unit, (N - 1) * K), N - 1, K, "unit"))
                .isInstanceOf(IndexMismatchException.class)
                .hasMessageContaining("built for 3000 items");
        assertThatThrownBy(() -> ItemIndex.open(dir.resolve("absent"), rows, unit, N, K, "unit"))
                .isInstanceOf(IndexMismatchException.class)
                .hasMessageContaining("no index");
    }

    @Test
    void aDamagedOrTruncatedFileIsRefusedNotRead() throws IOException {
        Path copy = dir.resolve("damaged");
        Files.createDirectories(copy);
        byte[] bytes = Files.readAllBytes(built.resolve("items.hnsw"));
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 3] ^= 0x01; // inside the graphs' links: only the checksum notices
        Files.write(copy.resolve("items.hnsw"), flipped);
        assertThatThrownBy(() -> ItemIndex.open(copy, rows, unit, N, K, "unit"))
                .isInstanceOf(IndexMismatchException.class)
                .hasMessageContaining("damaged");
        Files.write(copy.resolve("items.hnsw"), Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> ItemIndex.open(copy, rows, unit, N, K, "unit"))
                .isInstanceOf(IndexMismatchException.class)
                .hasMessageContaining("truncated");
        Files.delete(copy.resolve("items.hnsw"));
        assertThatThrownBy(() -> ItemIndex.open(copy, rows, unit, N, K, "unit"))
                .isInstanceOf(IndexMismatchException.class)
                .hasMessageContaining("not a complete index");
    }

    @Test
    void oneThreadBuildsTheSameFileEveryTime() throws IOException {
        Path again = dir.resolve("again");
        ItemIndex.build(rows, unit, N, K, "unit", ItemIndex.Shape.DEFAULT, again, 1);
        assertThat(Files.readAllBytes(again.resolve("items.hnsw")))
                .isEqualTo(Files.readAllBytes(built.resolve("items.hnsw")));
    }

    @Test
    void twoThreadsBuildingAtOnceFindAsMuch() {
        Path parallel = dir.resolve("parallel");
        ItemIndex.build(rows, unit, N, K, "unit", ItemIndex.Shape.DEFAULT, parallel, 2);
        try (ItemIndex index = ItemIndex.open(parallel, rows, unit, N, K, "unit")) {
            double recall = 0;
            for (int q = 0; q < 50; q++) {
                float[] query = query(q);
                int[] found = new int[40];
                int count = index.search(ItemIndex.Space.INNER_PRODUCT, query, 40, null, Integer.MAX_VALUE, found);
                recall += overlap(exactTop(rows, query, 10, i -> true), found, count) / 10.0;
            }
            assertThat(recall / 50).isGreaterThanOrEqualTo(0.98);
        }
    }

    @Test
    void aClosedIndexAnswersIncompleteInsteadOfFailing() {
        ItemIndex index = ItemIndex.open(built, rows, unit, N, K, "unit");
        index.close();
        assertThat(index.search(ItemIndex.Space.INNER_PRODUCT, query(1), 10, null, Integer.MAX_VALUE, new int[10]))
                .isEqualTo(-1);
    }
}
