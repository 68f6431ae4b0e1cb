package io.mfrecommender.benchmark;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.RankingFactors;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.model.SimilaritySpace;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.TrainingListener;
import io.mfrecommender.training.VersionTrainer;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Similar movies by several methods, side by side, on held-out ratings: a constant most-popular
 * list, cosine of the rating model's and the ranker's item factors, and cosine after whitening the
 * ranker's factors by their Gramian ({@code G^-½ h}, which takes out the directions every popular
 * movie shares). Each as co-rating share and lift ({@link Evaluator#similarity}), and the lists
 * of a few movies by title when a catalogue is given.
 */
public final class SimilarBenchmark {

    private final PrintStream out;

    public SimilarBenchmark(PrintStream out) {
        this.out = out;
    }

    /**
     * @param wellKnown how many of the most rated movies to list with their ten most similar as
     *                  served, each with its ratings (its support)
     */
    public int run(
            Dataset train, Dataset test, MovieCatalog catalog, ModelRecipe recipe, List<Long> examples, int wellKnown) {
        FactorModel model = new VersionTrainer()
                .train(train, recipe, TrainingListener.NONE, Cancellation.NONE)
                .model();
        int items = model.items().size();
        RankingFactors ranker = model.ranker().orElseThrow();
        Map<String, Evaluator.SimilarLists> methods = new LinkedHashMap<>();
        methods.put(
                "popular (constant)", Evaluator.constant(Popularity.COUNT_TIMES_MEAN.scores(train, model.items(), 10)));
        methods.put("rating model cosine", Evaluator.byCosine(model.itemRows(), items, model.factors()));
        methods.put("ranker cosine", Evaluator.byCosine(ranker.itemRows(), items, ranker.factors()));
        for (double power : new double[] {0.25, 0.5, 1}) {
            methods.put(
                    "ranker whitened^" + power,
                    Evaluator.byCosine(
                            Gramian.whiten(ranker.itemRows(), items, ranker.factors(), power),
                            items,
                            ranker.factors()));
        }
        int[] ratings = Evaluator.ratingCounts(model.items(), train);
        methods.put(
                "served (support floor)",
                Evaluator.served(
                        SimilaritySpace.of(model),
                        ratings,
                        ServingProperties.defaults().similarMinRatings()));
        out.printf(Locale.ROOT, "%-26s %10s %8s %8s%n", "method", "co-rating", "lift", "matched");
        for (Map.Entry<String, Evaluator.SimilarLists> method : methods.entrySet()) {
            Evaluator.SimilarityMetrics metrics = Evaluator.similarity(method.getValue(), model.items(), test, 10);
            out.printf(
                    Locale.ROOT,
                    "%-26s %10.4f %8.3f %8.3f   (%d movies)%n",
                    method.getKey(),
                    metrics.coRating(),
                    metrics.lift(),
                    metrics.matched(),
                    metrics.movies());
        }
        int[] top = new int[5];
        for (long id : examples) {
            int item = model.items().indexOrMinusOne(id);
            if (item < 0) {
                continue;
            }
            out.println(title(catalog, id) + ":");
            for (Map.Entry<String, Evaluator.SimilarLists> method : methods.entrySet()) {
                int found = method.getValue().select(item, top);
                StringBuilder line =
                        new StringBuilder("  ").append(String.format(Locale.ROOT, "%-24s", method.getKey()));
                for (int r = 0; r < found; r++) {
                    line.append(r == 0 ? " " : " | ")
                            .append(title(catalog, model.items().idOf(top[r])));
                }
                out.println(line);
            }
        }
        listWellKnown(model, catalog, ratings, methods.get("served (support floor)"), wellKnown);
        return 0;
    }

    /** The {@code count} most rated movies, each with its ten most similar as served and every title's ratings. */
    private void listWellKnown(
            FactorModel model, MovieCatalog catalog, int[] ratings, Evaluator.SimilarLists served, int count) {
        Integer[] byRatings = new Integer[ratings.length];
        for (int i = 0; i < ratings.length; i++) {
            byRatings[i] = i;
        }
        Arrays.sort(byRatings, (a, b) -> ratings[b] != ratings[a] ? Integer.compare(ratings[b], ratings[a]) : a - b);
        int[] top = new int[Math.min(10, ratings.length - 1)];
        for (int w = 0; w < Math.min(count, ratings.length); w++) {
            int item = byRatings[w];
            out.printf(
                    Locale.ROOT,
                    "%s (%d ratings):%n",
                    title(catalog, model.items().idOf(item)),
                    ratings[item]);
            int found = served.select(item, top);
            for (int r = 0; r < found; r++) {
                out.printf(
                        Locale.ROOT,
                        "  %2d. %s (%d)%n",
                        r + 1,
                        title(catalog, model.items().idOf(top[r])),
                        ratings[top[r]]);
            }
        }
    }

    private static String title(MovieCatalog catalog, long id) {
        return catalog.find(id).map(Movie::title).orElse(Long.toString(id));
    }
}
