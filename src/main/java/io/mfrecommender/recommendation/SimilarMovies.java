package io.mfrecommender.recommendation;

import io.mfrecommender.api.ModelVersioned;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The movies most similar to {@code movie}, most similar first.
 *
 * @param minRatings the support floor: no movie with fewer ratings in the version's data is listed
 *                   ({@code recommender.serving.similar-min-ratings})
 */
public record SimilarMovies(
        long movie,
        String modelVersion,

        @Schema(
                example = "20",
                description = "no movie with fewer ratings in the version's data is listed"
                        + " (recommender.serving.similar-min-ratings)")
        int minRatings,

        List<SimilarMovie> items)
        implements ModelVersioned {}
