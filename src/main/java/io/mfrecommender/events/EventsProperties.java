package io.mfrecommender.events;

import io.mfrecommender.training.EventWeights;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code recommender.events.*}: implicit events users post ({@code POST /users/{id}/events}).
 *
 * @param types           the positive event types and their confidence weights; unset: view 1, play 3,
 *                        list 4, purchase 8 ({@link EventWeights#DEFAULTS}). Names: lower-case letters,
 *                        digits and dashes.
 * @param negativeType    the one negative type: the movie leaves the user's lists, and counts as an
 *                        observed zero for the ranker
 * @param negativeWeight  the confidence of that zero
 * @param maxBatch        most events one post may carry (more: 413)
 * @param futureTolerance how far past the server's clock an event's {@code at} may be (clocks drift);
 *                        later is refused
 * @param halfLife        recency: an event's weight halves with each half-life between it and the
 *                        user's latest event, in training and fold-in alike; 0: no decay
 * @param countInPopular  whether the cold-start list counts the users with events (of a positive type)
 *                        on a movie beside its ratings
 */
@ConfigurationProperties("recommender.events")
@Validated
public record EventsProperties(
        Map<String, Double> types,
        @DefaultValue("not-interested") String negativeType,
        @DefaultValue("4") double negativeWeight,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxBatch,
        @DefaultValue("5m") Duration futureTolerance,
        @DefaultValue("30d") Duration halfLife,
        @DefaultValue("true") boolean countInPopular) {

    public EventsProperties {
        types = types == null || types.isEmpty() ? EventWeights.DEFAULTS.weights() : Map.copyOf(types);
        for (String type : types.keySet()) {
            requireName(type, "recommender.events.types");
        }
        requireName(negativeType, "recommender.events.negative-type");
        if (halfLife != null && halfLife.isNegative()) {
            throw new IllegalArgumentException("recommender.events.half-life must be 0 (no decay) or more");
        }
        if (futureTolerance.isNegative()) {
            throw new IllegalArgumentException("recommender.events.future-tolerance must not be negative");
        }
        weights(types, negativeType, negativeWeight); // refuses what the rule cannot take, at start
    }

    private static void requireName(String type, String key) {
        if (type == null
                || !io.mfrecommender.ratings.RatingLog.Entry.EVENT_TYPE
                        .matcher(type)
                        .matches()) {
            throw new IllegalArgumentException(key + ": '" + type
                    + "' is not an event type name (lower-case letters, digits and dashes, 1 to 32, a letter first)");
        }
    }

    /** The settings of one instance with the default types (tests, the command line). */
    public static EventsProperties defaults() {
        return new EventsProperties(null, "not-interested", 4, 1000, Duration.ofMinutes(5), Duration.ofDays(30), true);
    }

    /** How these types count for the ranker. */
    public EventWeights weights() {
        return weights(types, negativeType, negativeWeight)
                .withHalfLife(halfLife == null ? 0 : halfLife.toMillis() / 1000.0);
    }

    private static EventWeights weights(Map<String, Double> types, String negative, double negativeWeight) {
        return new EventWeights(types, negative, negativeWeight);
    }
}
