package io.mfrecommender.model;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.versions.ServedVersion;
import java.util.List;
import java.util.Map;

/**
 * {@link TinyModel} ready to serve, with the ratings and catalog below (damping 10):
 * <pre>
 *   ratings: user 10 rated 200 (3), user 20 rated 300 (1), user 30 (unknown to the model) rated 100 (5)
 *   catalog: 100 Alpha (2001) Comedy; 200 Beta (no year) Drama; 300 Gamma (1999) Comedy|Drama
 *
 *   one rating each, damped means with μ = 3: 100 → (5 + 30) / 11 = 3.18; 200 → 33 / 11 = 3.0;
 *   300 → 31 / 11 = 2.82; count times damped mean gives the same popular order: 100, 200, 300;
 *   their item baselines μ + b_i: 3.25, 2.5, 3.0
 *   cosine to 100: 200 → 1/√2 = 0.7071; 300 → 0.5/√1.25 = 0.4472
 * </pre>
 */
public final class TinyServing {

    private TinyServing() {}

    public static Dataset ratings() {
        return new DatasetBuilder()
                .add(10, 200, 3, 1)
                .add(20, 300, 1, 2)
                .add(30, 100, 5, 3)
                .build(null);
    }

    public static MovieCatalog catalog() {
        return MovieCatalog.of(List.of(
                new Movie(100, "Alpha", 2001, List.of("Comedy")),
                new Movie(200, "Beta", null, List.of("Drama")),
                new Movie(300, "Gamma", 1999, List.of("Comedy", "Drama"))));
    }

    public static ServingModel create() {
        return new ServingModel(TinyModel.create(), ratings(), catalog(), Popularity.COUNT_TIMES_MEAN, 10);
    }

    /**
     * The same version with a ranker (k = 2) whose order differs from the rating model's:
     * <pre>
     *   user 10: w = (1, 0)        item 100: h = (0.1, 0.2)
     *   user 20: w = (0, 1)        item 200: h = (0.5, 0.5)
     *                              item 300: h = (0.9, 0.0)
     *
     *   user 10 ranker scores: 100 → 0.1, 200 → 0.5, 300 → 0.9; unrated by score: 300, 100
     *           by predicted rating (TinyModel): 100 (5.75 → 5), 300 (3.5)
     *   user 20 ranker scores: 100 → 0.2, 200 → 0.5, 300 → 0; unrated: 200, 100 (same as by rating)
     *   similar movies: cosine after whitening half way (h·(G/n)^-1/4, G = HᵀH): G/n = [[0.3567, 0.09],
     *   [0.09, 0.0967]], eigenvalues 0.0686 and 0.3848; whitened 100 (0.0941, 0.3592), 200 (0.5679,
     *   0.8493), 300 (1.1975, -0.1754): cosine to 100 of 200 → 0.9450, of 300 → 0.1105 (plain cosine
     *   would give 0.9487 and 0.4472: whitening takes out the direction every item shares)
     * </pre>
     */
    public static ServingModel withRanker() {
        RankerManifest manifest = new RankerManifest("ials", 2, Map.of("factors", 2), null);
        RankingFactors ranker = new RankingFactors(
                manifest, 2, 3, new float[] {1f, 0f, 0f, 1f}, new float[] {0.1f, 0.2f, 0.5f, 0.5f, 0.9f, 0f});
        return new ServingModel(
                TinyModel.create().withRanker(ranker), ratings(), catalog(), Popularity.COUNT_TIMES_MEAN, 10);
    }

    public static ServedVersion activeRegistry() {
        ServedVersion registry = new ServedVersion();
        registry.activate(create());
        return registry;
    }
}
