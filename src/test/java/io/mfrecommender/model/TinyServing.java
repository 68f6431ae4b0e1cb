package io.mfrecommender.model;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import java.util.List;

/**
 * {@link TinyModel} ready to serve, with the ratings and catalog below (damping 10):
 * <pre>
 *   ratings: user 10 rated 200 (3), user 20 rated 300 (1), user 30 (unknown to the model) rated 100 (5)
 *   catalog: 100 Alpha (2001) Comedy; 200 Beta (no year) Drama; 300 Gamma (1999) Comedy|Drama
 *
 *   damped means, μ = 3: 100 → (5 + 30) / 11 = 3.18; 200 → 33 / 11 = 3.0; 300 → 31 / 11 = 2.82
 *   popular order: 100, 200, 300; their item baselines μ + b_i: 3.25, 2.5, 3.0
 *   cosine to 100: 200 → 1/√2 = 0.7071; 300 → 0.5/√1.25 = 0.4472
 * </pre>
 */
public final class TinyServing {

    private TinyServing() {
    }

    public static Dataset ratings() {
        return new DatasetBuilder().add(10, 200, 3, 1).add(20, 300, 1, 2).add(30, 100, 5, 3).build(null);
    }

    public static MovieCatalog catalog() {
        return MovieCatalog.of(List.of(
                new Movie(100, "Alpha", 2001, List.of("Comedy")),
                new Movie(200, "Beta", null, List.of("Drama")),
                new Movie(300, "Gamma", 1999, List.of("Comedy", "Drama"))));
    }

    public static ServingModel create() {
        return new ServingModel(TinyModel.create(), ratings(), catalog(), 10);
    }

    public static ModelRegistry activeRegistry() {
        ModelRegistry registry = new ModelRegistry();
        registry.activate(create());
        return registry;
    }
}
