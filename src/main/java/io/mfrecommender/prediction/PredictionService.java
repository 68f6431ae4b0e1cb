package io.mfrecommender.prediction;

import io.mfrecommender.api.BatchTooLargeException;
import io.mfrecommender.api.UnknownMovieException;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelRegistry;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.recommendation.ServingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * Predicted ratings from the active model. A user the model does not know is predicted by the
 * item baseline {@code μ + b_i} ({@code strategy: item-baseline}); a movie it does not know has
 * no prediction (404).
 */
public final class PredictionService {

    public static final String PERSONALIZED = "personalized";
    public static final String ITEM_BASELINE = "item-baseline";

    private final ModelRegistry registry;
    private final ServingProperties properties;
    private final Timer singleTimer;
    private final Timer batchTimer;

    /** @param meters where {@code recommender.predictions} (a timer per request kind) is recorded */
    public PredictionService(ModelRegistry registry, ServingProperties properties, MeterRegistry meters) {
        this.registry = registry;
        this.properties = properties;
        this.singleTimer = timer(meters, "single");
        this.batchTimer = timer(meters, "batch");
    }

    private static Timer timer(MeterRegistry meters, String kind) {
        return Timer.builder("recommender.predictions")
                .description("Time to answer a prediction request, single or batch")
                .tag("kind", kind)
                .register(meters);
    }

    public Prediction predict(long user, long movie) {
        return singleTimer.record(() -> predictOne(user, movie));
    }

    /** All pairs against one model; the factor products of known users come from one ND4J pass. */
    public Predictions predict(List<PredictionRequest.Pair> pairs) {
        return batchTimer.record(() -> predictBatch(pairs));
    }

    private Prediction predictOne(long user, long movie) {
        ServingModel serving = registry.current();
        FactorModel model = serving.model();
        int item = requireItem(serving, movie);
        int u = model.users().indexOrMinusOne(user);
        double score = model.score(u, item);
        return new Prediction(user, movie, model.scale().clip(score), score, model.baseline(u, item),
                u < 0 ? ITEM_BASELINE : PERSONALIZED, serving.version());
    }

    private Predictions predictBatch(List<PredictionRequest.Pair> pairs) {
        if (pairs.size() > properties.maxBatch()) {
            throw new BatchTooLargeException(pairs.size(), properties.maxBatch());
        }
        ServingModel serving = registry.current();
        FactorModel model = serving.model();
        int n = pairs.size();
        int[] users = new int[n];
        int[] items = new int[n];
        int known = 0;
        for (int k = 0; k < n; k++) {
            users[k] = model.users().indexOrMinusOne(pairs.get(k).user());
            items[k] = requireItem(serving, pairs.get(k).movie());
            if (users[k] >= 0) {
                known++;
            }
        }
        int[] knownUsers = new int[known];
        int[] knownItems = new int[known];
        for (int k = 0, j = 0; k < n; k++) {
            if (users[k] >= 0) {
                knownUsers[j] = users[k];
                knownItems[j++] = items[k];
            }
        }
        float[] dots = model.dots(knownUsers, knownItems);
        List<Prediction> predictions = new ArrayList<>(n);
        for (int k = 0, j = 0; k < n; k++) {
            double baseline = model.baseline(users[k], items[k]);
            double score = users[k] >= 0 ? baseline + dots[j++] : baseline;
            predictions.add(new Prediction(pairs.get(k).user(), pairs.get(k).movie(), model.scale().clip(score), score,
                    baseline, users[k] < 0 ? ITEM_BASELINE : PERSONALIZED, serving.version()));
        }
        return new Predictions(serving.version(), predictions);
    }

    private static int requireItem(ServingModel serving, long movie) {
        int item = serving.model().items().indexOrMinusOne(movie);
        if (item < 0) {
            throw new UnknownMovieException(movie, serving.version());
        }
        return item;
    }
}
