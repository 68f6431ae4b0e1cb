package io.mfrecommender.benchmark;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.RankingFactors;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.TrainingListener;
import io.mfrecommender.training.VersionTrainer;
import java.io.PrintStream;
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

    public int run(Dataset train, Dataset test, MovieCatalog catalog, ModelRecipe recipe, List<Long> examples) {
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
        out.printf(Locale.ROOT, "%-26s %10s %8s%n", "method", "co-rating", "lift");
        for (Map.Entry<String, Evaluator.SimilarLists> method : methods.entrySet()) {
            Evaluator.SimilarityMetrics metrics = Evaluator.similarity(method.getValue(), model.items(), test, 10);
            out.printf(
                    Locale.ROOT,
                    "%-26s %10.4f %8.3f   (%d movies)%n",
                    method.getKey(),
                    metrics.coRating(),
                    metrics.lift(),
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
        return 0;
    }

    private static String title(MovieCatalog catalog, long id) {
        return catalog.find(id).map(Movie::title).orElse(Long.toString(id));
    }
}
