package io.mfrecommender.events;

import java.util.List;

/** A page of a user's events, by movie id then type; {@code total} counts the (movie, type) pairs. */
public record UserEventsPage(long user, int total, int offset, int limit, List<EventView> events) {}
