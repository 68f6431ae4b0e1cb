package io.mfrecommender.ratings;

import io.mfrecommender.api.Strategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer to {@code POST /users/{id}/ratings}: what was stored (forced to disk), how many
 * ratings the user now has, and how their predictions and recommendations are now made.
 *
 * @param strategy {@code folded-in} (personalised from their ratings at once), or {@code popular}
 *                 when none of their movies is in the served version yet (it is from the next one)
 */
public record PostedRatingsResult(
        long user,
        List<RatingView> stored,
        int ratings,

        @Schema(description = "folded-in or popular (see Strategy)")
        Strategy strategy,

        String modelVersion) {}
