package io.mfrecommender.experiments;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code recommender.experiments.*}: how experiments count hits.
 *
 * @param hitWindow      a rating counts as a hit of a recommendation made at most this long before it
 * @param remembered     the most recent recommended movies kept per user to match later ratings against
 * @param saveInterval   how often a running experiment's figures are written to its record (and at shutdown)
 */
public record ExperimentProperties(
        @DefaultValue("7d") @NotNull Duration hitWindow,
        @DefaultValue("500") @Min(10) @Max(100_000) int remembered,
        @DefaultValue("10s") @NotNull Duration saveInterval) {

    public static ExperimentProperties defaults() {
        return new ExperimentProperties(Duration.ofDays(7), 500, Duration.ofSeconds(10));
    }
}
