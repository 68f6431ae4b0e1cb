package io.mfrecommender.prediction;

import io.mfrecommender.api.BatchTooLargeException;
import io.mfrecommender.api.Strategy;
import io.mfrecommender.api.UnknownMovieException;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Predicted ratings from the active model. A user the model does not know is predicted by the
 * item baseline {@code μ + b_i} ({@code strategy: item-baseline}); a user placed from ratings
 * posted after training is predicted from their folded-in bias and vector ({@code folded-in});
 * a movie placed after training (from its ratings or its genres) is predicted from its own bias and
 * vector; a movie the served version does not know has no prediction (404).
 */
public final class PredictionService {

    private final ServedVersion served;
    private final PredictionProperties properties;
    private final Timer singleTimer;
    private final Timer batchTimer;
    private final Clock clock;

    /** @param meters where {@code recommender.predictions} (a timer per request kind) is recorded */
    public PredictionService(ServedVersion served, PredictionProperties properties, MeterRegistry meters) {
        this(served, properties, meters, Clock.systemUTC());
    }

    /** @param clock the time a movie's availability ({@link Prediction#available()}) is read at */
    public PredictionService(ServedVersion served, PredictionProperties properties, MeterRegistry meters, Clock clock) {
        this.served = served;
        this.properties = properties;
        this.singleTimer = timer(meters, "single");
        this.batchTimer = timer(meters, "batch");
        this.clock = clock;
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
        ServedVersion.Assignment assignment = this.served.forUser(user);
        ServingModel serving = assignment.model();
        FactorModel model = serving.model();
        int item = requireItem(serving, movie);
        ServedUser served = serving.user(user);
        double score = serving.score(served, item);
        return new Prediction(
                user,
                movie,
                model.scale().clip(score),
                score,
                serving.baseline(served, item),
                strategy(served),
                serving.available(item, clock.instant()),
                serving.version(),
                assignment.variant());
    }

    static Strategy strategy(ServedUser user) {
        return switch (user.kind()) {
            case TRAINED -> Strategy.PERSONALIZED;
            case FOLDED_IN -> Strategy.FOLDED_IN;
            case UNKNOWN -> Strategy.ITEM_BASELINE;
        };
    }

    private Predictions predictBatch(List<PredictionRequest.Pair> pairs) {
        if (pairs.size() > properties.maxBatch()) {
            throw new BatchTooLargeException(pairs.size(), properties.maxBatch());
        }
        ServingModel serving = served.current();
        FactorModel model = serving.model();
        int n = pairs.size();
        ServedUser[] served = new ServedUser[n];
        int[] users = new int[n];
        int[] items = new int[n];
        int known = 0;
        for (int k = 0; k < n; k++) {
            items[k] = requireItem(serving, pairs.get(k).movie());
            served[k] = serving.user(pairs.get(k).user());
            // Trained users' products come from one batched pass; folded-in ones are scored one by one.
            users[k] = served[k].kind() == ServedUser.Kind.TRAINED
                            && items[k] < model.items().size()
                    ? model.users().indexOrMinusOne(pairs.get(k).user())
                    : -1;
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
        Instant now = clock.instant();
        for (int k = 0, j = 0; k < n; k++) {
            double baseline = serving.baseline(served[k], items[k]);
            double score = users[k] >= 0 ? baseline + dots[j++] : serving.score(served[k], items[k]);
            predictions.add(new Prediction(
                    pairs.get(k).user(),
                    pairs.get(k).movie(),
                    model.scale().clip(score),
                    score,
                    baseline,
                    strategy(served[k]),
                    serving.available(items[k], now),
                    serving.version(),
                    null));
        }
        return new Predictions(serving.version(), predictions);
    }

    private static int requireItem(ServingModel serving, long movie) {
        int item = serving.itemIndex(movie);
        if (item < 0) {
            throw new UnknownMovieException(movie, serving.version());
        }
        return item;
    }
}
