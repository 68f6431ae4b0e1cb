package io.mfrecommender.training;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a user's implicit events on a movie count for the ranker: the one rule fold-in ({@link FoldIn})
 * applies, beside {@link ConfidenceRule} for ratings. For a (user, movie) pair with {@code n_t} events
 * of each positive type {@code t} (weight {@code w_t}) and, where the user rated the movie, the
 * rating's confidence {@code c_r} (0 for a rating the ranker does not count):
 * <pre>
 *   c = c_r + Σ_t w_t · (1 + ln n_t)
 * </pre>
 * the pair's confidence that the user wants the movie (preference 1), as a rating's is. The
 * logarithm keeps a movie played a hundred times from drowning everything else the user did
 * (Hu, Koren and Volinsky, ICDM 2008, §2, use {@code 1 + α log(1 + r/ε)} for the same reason).
 *
 * <p>The negative type ({@code not-interested}) overrides everything else of its pair: the pair
 * becomes an observed zero, preference 0 with confidence {@code negativeWeight}, which pulls the
 * user's vector away from the movie more than an unobserved movie does (whose weight is the
 * version's α₀). The movie also leaves the user's lists and similar-movie answers for them.
 *
 * <p>Recency, when {@code halfLifeSeconds > 0}: each positive term is multiplied by
 * {@code 2^(−age/h)}, {@code age} measured back from the user's latest event ({@link #strength(String,
 * int, long, long)}); a dismissal does not fade.
 *
 * @param weights        positive event types and their weights (each above 0)
 * @param negative       the negative type's name
 * @param negativeWeight  the confidence of a negative pair's zero (above 0)
 * @param halfLifeSeconds the half-life of an event's weight, 0 for none
 */
public record EventWeights(
        Map<String, Double> weights, String negative, double negativeWeight, double halfLifeSeconds) {

    /** The default half-life, 30 days: measured better than none on a temporal split ({@code docs/quality.md}). */
    public static final double DEFAULT_HALF_LIFE_SECONDS = 30 * 86_400;

    /** The default types: a view 1, a play 3, an addition to a list 4, a purchase 8; not-interested 4; 30 days. */
    public static final EventWeights DEFAULTS = new EventWeights(
            Map.of("view", 1.0, "play", 3.0, "list", 4.0, "purchase", 8.0),
            "not-interested",
            4,
            DEFAULT_HALF_LIFE_SECONDS);

    /** Without recency. */
    public EventWeights(Map<String, Double> weights, String negative, double negativeWeight) {
        this(weights, negative, negativeWeight, 0);
    }

    public EventWeights {
        weights = Map.copyOf(new TreeMap<>(weights));
        if (weights.containsKey(negative)) {
            throw new IllegalArgumentException("the negative event type '" + negative + "' cannot also have a weight");
        }
        weights.forEach((type, weight) -> {
            if (!(weight > 0) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("the weight of event type '" + type + "' must be above 0");
            }
        });
        if (!(negativeWeight > 0) || !Double.isFinite(negativeWeight)) {
            throw new IllegalArgumentException("the negative event weight must be above 0");
        }
        if (!(halfLifeSeconds >= 0) || !Double.isFinite(halfLifeSeconds)) {
            throw new IllegalArgumentException("the events' half-life must be 0 (none) or above");
        }
    }

    /** The same types with a half-life (0: none). */
    public EventWeights withHalfLife(double seconds) {
        return new EventWeights(weights, negative, negativeWeight, seconds);
    }

    /** Whether {@code type} is one of the configured types, the negative one included. */
    public boolean known(String type) {
        return negative.equals(type) || weights.containsKey(type);
    }

    public boolean isNegative(String type) {
        return negative.equals(type);
    }

    /** Whether {@code type} is a configured positive type: the movie is the user's already (seen, listed, bought). */
    public boolean isPositive(String type) {
        return weights.containsKey(type);
    }

    /** The configured type names, sorted, the negative last: what a refused request lists. */
    public String describe() {
        return String.join(", ", new TreeMap<>(weights).keySet()) + ", " + negative;
    }

    /**
     * What {@code count} events of {@code type} add to a pair's confidence: {@code w · (1 + ln n)};
     * 0 for the negative type or an unknown one (configuration changed since it was posted).
     */
    public double strength(String type, int count) {
        Double weight = weights.get(type);
        return weight == null || count < 1 ? 0 : weight * (1 + Math.log(count));
    }

    /**
     * {@link #strength} with recency: times {@code 2^(−age / halfLife)}, where {@code age} is how long
     * before the user's latest event this type's last event on the movie was. Measured from the
     * user's own latest event, not from the clock, so training and fold-in weigh the same history the
     * same way whenever they run. Never below a millionth of the undecayed strength.
     */
    public double strength(String type, int count, long lastSeconds, long usersLatestSeconds) {
        double strength = strength(type, count);
        if (halfLifeSeconds == 0 || strength == 0) {
            return strength;
        }
        double age = Math.max(0, usersLatestSeconds - lastSeconds);
        return strength * Math.max(1e-6, Math.pow(2, -age / halfLifeSeconds));
    }
}
