package io.mfrecommender.events;

import io.mfrecommender.api.Strategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer to {@code POST /users/{id}/events}: the events stored (forced to disk), the user's
 * tallies of the movies and types the batch touched, and how their lists are now made.
 *
 * @param accepted how many events of the batch were stored (all of them)
 * @param events   the user's tallies of the (movie, type) pairs the batch touched, after it
 * @param strategy {@code folded-in} (the ranker re-solved with the new confidences), or
 *                 {@code popular} while nothing of the user's counts for the served version's ranker
 */
public record PostedEventsResult(
        long user,
        int accepted,
        List<EventView> events,

        @Schema(description = "folded-in or popular (see Strategy)")
        Strategy strategy,

        String modelVersion) {}
