package io.mfrecommender.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code recommender.serving.*}: how versions are served: the bounds of the read API, the page rules,
 * the cold-start order and the approximate index of large catalogues. Here, below the version
 * lifecycle and the read API, because both use it: a snapshot is built with its popularity order
 * and index, and lists are cut by its bounds.
 *
 * @param maxLimit          largest {@code limit} a list endpoint accepts
 * @param maxOffset         largest {@code offset} a list endpoint accepts
 * @param popularity        how the cold-start list for unknown users is ordered: {@code count-times-mean}
 *                          (number of ratings times damped mean, the default),
 *                          {@code count} or {@code damped-mean}
 * @param popularDamping    weight m of the global mean in the damped mean (Σr + m·μ)/(n + m)
 * @param minPredictedStars a recommendation is shown only if the rating model predicts at least this
 *                          many stars of 5, as a viewer reads the data's scale (2.5 stars: 5 of 10,
 *                          2.5 of a half-star 0.5..5 scale): no card says "you will choose it" and
 *                          "you will dislike it" at once; 0: no floor
 * @param neighbourCap      most movies of one neighbourhood on a page (a movie and those whose factors
 *                          have a cosine of at least {@code neighbourSimilarity} with it), so one
 *                          series cannot take the page; 0: no cap
 * @param neighbourSimilarity the cosine at which two movies are neighbours
 * @param maxExclude        most movie ids one request's {@code exclude} may list
 * @param maxInclude        most movie ids one request's {@code include} may list (each is scored)
 * @param similarMinRatings a movie with fewer ratings in the version's data is never listed as similar
 *                          to another (it can still be asked about): its few ratings leave its factors
 *                          pointing anywhere; 0: no floor
 * @param index             the approximate index of large catalogues
 */
@ConfigurationProperties("recommender.serving")
@Validated
public record ServingProperties(
        @DefaultValue("100") @Min(1) @Max(10_000) int maxLimit,
        @DefaultValue("10000") @Min(0) @Max(1_000_000) int maxOffset,
        @DefaultValue(DEFAULT_POPULARITY) @NotNull Popularity popularity,
        @DefaultValue("10") @Min(0) double popularDamping,

        @DefaultValue("2.5") @DecimalMin("0") @DecimalMax("5")
        double minPredictedStars,

        @DefaultValue("4") @Min(0) @Max(1000) int neighbourCap,

        @DefaultValue("0.8") @DecimalMin("-1") @DecimalMax("1")
        double neighbourSimilarity,

        @DefaultValue("1000") @Min(0) @Max(100_000) int maxExclude,
        @DefaultValue("1000") @Min(0) @Max(100_000) int maxInclude,
        @DefaultValue("20") @Min(0) @Max(1_000_000) int similarMinRatings,
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
            @DefaultValue("12") @Min(1) @Max(100) int candidatesPerResult,
            @Min(1) @Max(256) Integer threads,
            @DefaultValue("32") @Min(2) @Max(512) int maxConnections,
            @DefaultValue("100") @Min(1) @Max(3200) int beamWidth) {

        public static final Index DEFAULTS = new Index(true, 50_000, 12, null, 32, 100);

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
                100, 10_000, Popularity.COUNT_TIMES_MEAN, DEFAULT_DAMPING, 2.5, 4, 0.8, 1000, 1000, 20, Index.DEFAULTS);
    }

    /** These properties with another cold-start order. */
    public ServingProperties withPopularity(Popularity order) {
        return new ServingProperties(
                maxLimit,
                maxOffset,
                order,
                popularDamping,
                minPredictedStars,
                neighbourCap,
                neighbourSimilarity,
                maxExclude,
                maxInclude,
                similarMinRatings,
                index);
    }

    /** These properties with other page rules: the rating floor (stars of 5) and the neighbour cap. */
    public ServingProperties withPageRules(double floorStars, int cap) {
        return new ServingProperties(
                maxLimit,
                maxOffset,
                popularity,
                popularDamping,
                floorStars,
                cap,
                neighbourSimilarity,
                maxExclude,
                maxInclude,
                similarMinRatings,
                index);
    }

    /** These properties with another index configuration. */
    public ServingProperties withIndex(Index other) {
        return new ServingProperties(
                maxLimit,
                maxOffset,
                popularity,
                popularDamping,
                minPredictedStars,
                neighbourCap,
                neighbourSimilarity,
                maxExclude,
                maxInclude,
                similarMinRatings,
                other);
    }

    /** These properties with another support floor for similar movies (0: none). */
    public ServingProperties withSimilarMinRatings(int minRatings) {
        return new ServingProperties(
                maxLimit,
                maxOffset,
                popularity,
                popularDamping,
                minPredictedStars,
                neighbourCap,
                neighbourSimilarity,
                maxExclude,
                maxInclude,
                minRatings,
                index);
    }
}
