package io.mfrecommender.recommendation;

import io.mfrecommender.model.Popularity;
import jakarta.validation.Valid;
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
 * @param maxBufferedBodyBytes the most bytes of request bodies held in memory at once, by all requests
 *                          together (uploads go to disk instead); a body that would pass it is answered
 *                          503 with {@code Retry-After} before it is read
 * @param minPredictedStars a recommendation is shown only if the rating model predicts at least this
 *                          many stars of 5 (scaled to the data's scale): no card says "you will
 *                          choose it" and "you will dislike it" at once; 0: no floor
 * @param neighbourCap      most movies of one neighbourhood on a page (a movie and those whose factors
 *                          have a cosine of at least {@code neighbourSimilarity} with it), so one
 *                          series cannot take the page; 0: no cap
 * @param neighbourSimilarity the cosine at which two movies are neighbours
 * @param maxExclude        most movie ids one request's {@code exclude} may list
 * @param maxInclude        most movie ids one request's {@code include} may list (each is scored)
 * @param index             the approximate index of large catalogues
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
        @DefaultValue("67108864") @Min(1024) long maxBufferedBodyBytes,

        @DefaultValue("2.5") @DecimalMin("0") @DecimalMax("5")
        double minPredictedStars,

        @DefaultValue("4") @Min(0) @Max(1000) int neighbourCap,

        @DefaultValue("0.8") @DecimalMin("-1") @DecimalMax("1")
        double neighbourSimilarity,

        @DefaultValue("1000") @Min(0) @Max(100_000) int maxExclude,
        @DefaultValue("1000") @Min(0) @Max(100_000) int maxInclude,
        @DefaultValue @Valid Index index) {

    /**
     * {@code recommender.serving.index.*}: when top-N and similar movies go through an approximate
     * maximum-inner-product index (HNSW) over the ranker's item vectors instead of scoring every item.
     *
     * @param enabled           build indexes at all
     * @param minItems          catalogues of at least this many movies are indexed; smaller ones are
     *                          scanned exactly, which is faster there ({@code docs/performance.md})
     * @param candidatesPerResult candidates a walk collects per movie asked for ({@code offset + limit}
     *                          for lists, {@code limit} for similar movies), re-scored exactly (more:
     *                          higher recall, slower; docs/performance.md measures the trade)
     * @param threads           threads building an index; unset: those training may use
     * @param maxConnections    links per node of the graphs (more: better recall, slower build, more memory)
     * @param beamWidth         candidates considered per insertion while building
     */
    public record Index(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("50000") @Min(1) int minItems,
            @DefaultValue("6") @Min(1) @Max(100) int candidatesPerResult,
            @Min(1) @Max(256) Integer threads,
            @DefaultValue("32") @Min(2) @Max(512) int maxConnections,
            @DefaultValue("100") @Min(1) @Max(3200) int beamWidth) {

        public static final Index DEFAULTS = new Index(true, 50_000, 6, null, 32, 100);

        /** The defaults, with indexes used from {@code items} movies on. */
        public static Index from(int items) {
            return new Index(true, items, 6, null, 32, 100);
        }

        /** These settings with another number of candidates collected per movie asked for. */
        public Index withCandidatesPerResult(int candidates) {
            return new Index(enabled, minItems, candidates, threads, maxConnections, beamWidth);
        }
    }

    public static final String DEFAULT_POPULARITY = "count-times-mean";
    public static final double DEFAULT_DAMPING = 10;

    /** The defaults the configuration binds when nothing is set: for tools and tests that build a service by hand. */
    public static ServingProperties defaults() {
        return new ServingProperties(
                100,
                10_000,
                1000,
                Popularity.COUNT_TIMES_MEAN,
                DEFAULT_DAMPING,
                5,
                1 << 20,
                java.time.Duration.ofSeconds(10),
                64L << 20,
                2.5,
                4,
                0.8,
                1000,
                1000,
                Index.DEFAULTS);
    }

    /** These properties with another cold-start order. */
    public ServingProperties withPopularity(Popularity order) {
        return new ServingProperties(
                maxLimit,
                maxOffset,
                maxBatch,
                order,
                popularDamping,
                retryAfterSeconds,
                maxBodyBytes,
                bodyTimeout,
                maxBufferedBodyBytes,
                minPredictedStars,
                neighbourCap,
                neighbourSimilarity,
                maxExclude,
                maxInclude,
                index);
    }

    /** These properties with other page rules: the rating floor (stars of 5) and the neighbour cap. */
    public ServingProperties withPageRules(double floorStars, int cap) {
        return new ServingProperties(
                maxLimit,
                maxOffset,
                maxBatch,
                popularity,
                popularDamping,
                retryAfterSeconds,
                maxBodyBytes,
                bodyTimeout,
                maxBufferedBodyBytes,
                floorStars,
                cap,
                neighbourSimilarity,
                maxExclude,
                maxInclude,
                index);
    }

    /** These properties with another index configuration. */
    public ServingProperties withIndex(Index other) {
        return new ServingProperties(
                maxLimit,
                maxOffset,
                maxBatch,
                popularity,
                popularDamping,
                retryAfterSeconds,
                maxBodyBytes,
                bodyTimeout,
                maxBufferedBodyBytes,
                minPredictedStars,
                neighbourCap,
                neighbourSimilarity,
                maxExclude,
                maxInclude,
                other);
    }
}
