package io.mfrecommender.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an experiment has shown so far, variant by variant.
 *
 * @param hitWindow      how long after a recommendation a rating of it counts as a hit (ISO-8601)
 * @param relevantRating the least rating that counts as a hit, on the data's scale (4 of 5 stars, scaled)
 * @param reason         why a suspended experiment's split is not served, or a damaged one's record not read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentReport(
        String name,

        @Schema(allowableValues = {"running", "suspended", "ended", "damaged"})
        String status,

        @Nullable String reason,
        @Nullable Instant startedAt,
        @Nullable Instant endedAt,
        @Nullable String promoted,
        @Schema(example = "PT168H") @Nullable String hitWindow,
        @Schema(example = "4.0") double relevantRating,
        List<VariantReport> variants) {

    /**
     * One variant's figures. The unit is the user: {@code hitRate} is the share of the users shown a
     * list who then rated a movie of it at least {@code relevantRating} within the window, with its
     * 95% Wilson score interval (Wilson, JASA 1927), which stays inside [0, 1] and is sound for
     * small counts.
     *
     * @param users           distinct users shown at least one list by this variant
     * @param recommendations lists served
     * @param hits            (user, movie) pairs recommended and then rated relevant within the window
     * @param usersWithHit    users with at least one hit
     * @param hitRate         usersWithHit / users; null before any user
     * @param interval        the 95% interval of {@code hitRate}; null before any user
     */
    public record VariantReport(
            String name,
            String version,
            double share,
            long users,
            long recommendations,
            long hits,
            long usersWithHit,
            @Nullable Double hitRate,
            @Nullable Interval interval) {}

    /** A confidence interval. */
    public record Interval(double low, double high, double level) {

        private static final double Z95 = 1.959963984540054;

        /** The 95% Wilson score interval of {@code successes} in {@code trials} (trials > 0). */
        static Interval wilson(long successes, long trials) {
            double n = trials;
            double p = successes / n;
            double z2 = Z95 * Z95;
            double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
            double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
            return new Interval(Math.max(0, centre - half), Math.min(1, centre + half), 0.95);
        }
    }
}
