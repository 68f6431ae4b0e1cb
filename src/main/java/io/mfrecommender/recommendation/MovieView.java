package io.mfrecommender.recommendation;

import io.mfrecommender.api.ModelVersioned;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A movie with its rating statistics in the serving data.
 *
 * @param inModel    whether the active model has factors for the movie (it can be predicted)
 * @param meanRating null when the movie has no ratings
 * @param available  whether lists and similar movies may show it now
 */
public record MovieView(
        @Schema(example = "2571") long movieId,
        @Nullable String title,
        @Nullable Integer year,
        List<String> genres,
        int ratingCount,
        @Nullable Double meanRating,
        boolean inModel,

        @Schema(
                description = "Whether lists and similar movies may show the movie now: not retired, and inside "
                        + "its availability window when it has one")
        boolean available,

        @Schema(description = "Retired (DELETE /movies/{id}): never shown again until put back")
        boolean retired,

        @Schema(description = "First instant (UTC) it may be shown, when the entry sets one") @Nullable
        Instant availableFrom,

        @Schema(description = "First instant (UTC) it may no longer be shown, when the entry sets one") @Nullable
        Instant availableUntil,

        String modelVersion)
        implements ModelVersioned {}
