package io.mfrecommender.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A user's events of one type on one movie, as {@code GET /users/{id}/events} lists them.
 *
 * @param count how many (saturating at a million)
 * @param last  when the last of them happened
 */
public record EventView(long movie, @Nullable String title, String type, int count, Instant last) {}
