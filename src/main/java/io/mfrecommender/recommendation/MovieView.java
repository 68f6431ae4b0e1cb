package io.mfrecommender.recommendation;

import io.mfrecommender.api.ModelVersioned;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A movie with its rating statistics in the serving data.
 *
 * @param inModel    whether the active model has factors for the movie (it can be predicted)
 * @param meanRating null when the movie has no ratings
 */
public record MovieView(
        @Schema(example = "2571") long movieId,
        @Nullable String title,
        @Nullable Integer year,
        List<String> genres,
        int ratingCount,
        @Nullable Double meanRating,
        boolean inModel,
        String modelVersion)
        implements ModelVersioned {}
