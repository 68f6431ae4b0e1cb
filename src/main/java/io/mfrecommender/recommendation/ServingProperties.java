package io.mfrecommender.recommendation;

import io.mfrecommender.model.Popularity;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code recommender.serving.*}: bounds and policies of the read API.
 *
 * @param maxLimit          largest {@code limit} a list endpoint accepts
 * @param maxOffset         largest {@code offset} a list endpoint accepts
 * @param maxBatch          most pairs one {@code POST /predictions} may carry (more: 413)
 * @param popularity        how the cold-start list for unknown users is ordered: {@code count-times-mean}
 *                          (number of ratings times damped mean, the default),
 *                          {@code count} or {@code damped-mean}
 * @param popularDamping    weight m of the global mean in the damped mean (Σr + m·μ)/(n + m)
 * @param retryAfterSeconds {@code Retry-After} sent with 503 while no model is active
 * @param maxBodyBytes      largest request body accepted, declared or received (more: 413)
 * @param bodyTimeout       longest a request body may take to arrive (more: 408); the body is read
 *                          without holding a request thread
 * @param minPredictedStars a recommendation is shown only if the rating model predicts at least this
 *                          many stars of 5 (scaled to the data's scale): no card says "you will
 *                          choose it" and "you will dislike it" at once; 0: no floor
 * @param neighbourCap      most movies of one neighbourhood on a page (a movie and those whose factors
 *                          have a cosine of at least {@code neighbourSimilarity} with it), so one
 *                          series cannot take the page; 0: no cap
 * @param neighbourSimilarity the cosine at which two movies are neighbours
 */
public record ServingProperties(
        @DefaultValue("100") @Min(1) @Max(10_000) int maxLimit,
        @DefaultValue("10000") @Min(0) @Max(1_000_000) int maxOffset,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxBatch,
        @DefaultValue(DEFAULT_POPULARITY) @NotNull Popularity popularity,
        @DefaultValue("10") @Min(0) double popularDamping,
        @DefaultValue("5") @Min(1) @Max(3600) int retryAfterSeconds,
        @DefaultValue("1048576") @Min(1024) long maxBodyBytes,
        @DefaultValue("10s") @NotNull java.time.Duration bodyTimeout,

        @DefaultValue("2.5") @DecimalMin("0") @DecimalMax("5")
        double minPredictedStars,

        @DefaultValue("4") @Min(0) @Max(1000) int neighbourCap,

        @DefaultValue("0.8") @DecimalMin("-1") @DecimalMax("1")
        double neighbourSimilarity) {

    public static final String DEFAULT_POPULARITY = "count-times-mean";
    public static final double DEFAULT_DAMPING = 10;
}
