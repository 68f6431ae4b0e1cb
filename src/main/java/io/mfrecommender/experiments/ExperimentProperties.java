package io.mfrecommender.experiments;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code recommender.experiments.*}: how experiments count hits.
 *
 * @param hitWindow      a rating counts as a hit of a recommendation made at most this long before it
 * @param remembered     the most recent recommended movies kept per user to match later ratings against
 * @param saveInterval   how often a running experiment's figures are written to its record (and at shutdown)
 * @param maxRememberedUsers  most users whose recent recommendations are remembered at once; the user
 *                       served longest ago is forgotten first (their later ratings no longer count as hits)
 * @param maxRememberedMovies most recommended movies remembered at once over all users (16 bytes each);
 *                       past it, likewise
 */
@ConfigurationProperties("recommender.experiments")
@Validated
public record ExperimentProperties(
        @DefaultValue("7d") @NotNull Duration hitWindow,
        @DefaultValue("500") @Min(10) @Max(MOST_REMEMBERED) int remembered,
        @DefaultValue("10s") @NotNull Duration saveInterval,
        @DefaultValue("100000") @Min(1) int maxRememberedUsers,
        @DefaultValue("2000000") @Min(10) long maxRememberedMovies) {

    /** The largest {@code remembered} allowed: no memory file of this service holds more per user. */
    public static final int MOST_REMEMBERED = 100_000;

    public static ExperimentProperties defaults() {
        return new ExperimentProperties(Duration.ofDays(7), 500, Duration.ofSeconds(10), 100_000, 2_000_000);
    }

    /** These properties with other bounds on what is remembered. */
    public ExperimentProperties withRemembered(int perUser, int users, long movies) {
        return new ExperimentProperties(hitWindow, perUser, saveInterval, users, movies);
    }
}
