package io.mfrecommender.model;

import io.mfrecommender.index.IndexMismatchException;
import io.mfrecommender.index.ItemIndex;
import java.nio.file.Path;

/**
 * The approximate index of a version's ranker, built from and checked against the version's own
 * tables: its item rows (inner-product graph, for lists) and its similar-movies unit vectors
 * ({@link SimilaritySpace}, cosine graph). When and where an index is built, stored and opened is
 * {@code versions.ItemIndexes}'s.
 */
public final class RankerIndex {

    private RankerIndex() {}

    /**
     * Builds the index of {@code version}'s ranker into {@code directory} (see {@link ItemIndex#build}),
     * its cosine graph from {@code space} (the version's: {@link SimilaritySpace#of}).
     *
     * @throws IllegalStateException when the version has no ranker
     */
    public static void build(
            FactorModel version, SimilaritySpace space, Path directory, ItemIndex.Shape shape, int threads) {
        RankingFactors ranker = rankerOf(version);
        ItemIndex.build(
                ranker.itemFactorArray(),
                space.unitRows(),
                ranker.items(),
                ranker.factors(),
                SimilaritySpace.DERIVATION,
                shape,
                directory,
                threads);
    }

    /** {@link #build} for a served version, from the similarity space it already holds. */
    public static void build(ServingModel serving, Path directory, ItemIndex.Shape shape, int threads) {
        build(serving.model(), serving.similarity(), directory, shape, threads);
    }

    /**
     * Opens the index in {@code directory}, checked to have been built from exactly the served
     * version's ranker item vectors and similarity vectors, which it then searches.
     *
     * @throws IndexMismatchException when it was not
     * @throws IllegalStateException when the version has no ranker
     */
    public static ItemIndex open(ServingModel serving, Path directory) {
        RankingFactors ranker = rankerOf(serving.model());
        return ItemIndex.open(
                directory,
                ranker.itemFactorArray(),
                serving.similarity().unitRows(),
                ranker.items(),
                ranker.factors(),
                SimilaritySpace.DERIVATION);
    }

    private static RankingFactors rankerOf(FactorModel version) {
        return version.ranker()
                .orElseThrow(
                        () -> new IllegalStateException("version " + version.version() + " has no ranker to index"));
    }
}
