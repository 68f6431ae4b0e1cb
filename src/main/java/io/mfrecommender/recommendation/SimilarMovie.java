package io.mfrecommender.recommendation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A movie similar to the queried one.
 *
 * @param similarity the cosine, in [-1, 1], of the two movies' item factors (the ranker's when
 *                   present, whitened half way): the order of the list
 * @param ratings    this movie's ratings in the version's data: the support of its similarity, at
 *                   least the list's {@code minRatings}
 */
public record SimilarMovie(
        long movieId,
        @Nullable String title,
        @Nullable Integer year,
        List<String> genres,
        @Schema(example = "0.83") double similarity,

        @Schema(
                example = "212",
                description = "this movie's ratings in the version's data: the support of its similarity")
        int ratings) {}
