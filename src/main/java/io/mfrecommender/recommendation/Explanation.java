package io.mfrecommender.recommendation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mfrecommender.api.ModelVersioned;
import io.mfrecommender.api.Strategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Why a movie is on a user's list: the rated movies that put it there, each with its part of the
 * ranker's score, and the rating model's prediction split into its terms.
 *
 * @param rankerScore   the ranker's score of the movie from the user's vector re-solved from their
 *                      ratings now: exactly the sum of every rated movie's contribution; null
 *                      without a ranker or for a user the version does not know
 * @param servedScore   the score the list is ordered by: the same for a user folded in, the trained
 *                      vector's for a trained user (docs/math.md says how the two differ)
 * @param contributions the rated movies that contribute most (largest contribution first, at most
 *                      {@code limit})
 * @param otherContributions the sum of the contributions not listed, so that the listed ones and this
 *                      add up to {@code rankerScore}
 * @param rating        the rating model's prediction and its terms
 * @param similarRated  the user's rated movies closest to this one (cosine of the ranker's item factors)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Explanation(
        @Schema(example = "42") long user,
        @Schema(example = "2571") long movieId,
        @Schema(example = "Matrix, The") @Nullable String title,

        @Schema(description = "personalized, folded-in or popular (see Strategy)")
        Strategy strategy,

        @Schema(example = "20261127-221530-123-sgd") String modelVersion,

        @Schema(
                description = "the experiment variant that served the user, absent outside an experiment",
                example = "B")
        @Nullable
        String variant,

        @Nullable Double rankerScore,
        @Nullable Double servedScore,
        @Nullable List<Contribution> contributions,
        @Nullable Double otherContributions,
        RatingTerms rating,
        @Nullable List<SimilarRated> similarRated)
        implements ModelVersioned {

    /**
     * One movie's part of the ranker's score: what the user did with it, a rating, events, or both.
     *
     * @param rating       the user's rating of it; absent when they only have events on it
     * @param events       the user's events on it by type (how many: {@code {"play": 3}}); absent when none
     * @param contribution {@code c_j · y_iᵀ W y_j}: negative when the movie pulls the explained one down
     * @param share        contribution / rankerScore
     */
    public record Contribution(
            long movieId,
            @Nullable String title,
            List<String> genres,
            @Nullable Double rating,
            @Nullable Map<String, Integer> events,
            double contribution,
            double share) {}

    /**
     * {@code score = globalMean + userBias + itemBias + factors}, clipped to the scale as
     * {@code predictedRating}.
     */
    public record RatingTerms(
            double predictedRating,
            double score,
            double globalMean,
            double userBias,
            double itemBias,
            double factors) {}

    /** A movie the user rated, and its cosine with the explained movie. */
    public record SimilarRated(long movieId, @Nullable String title, double rating, double similarity) {}
}
