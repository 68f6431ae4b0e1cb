package io.mfrecommender.data;

import java.time.Instant;

/**
 * When a catalogue entry may be shown in lists and similar movies: always (the default), never
 * again ({@code retired}: a licence ended, a title withdrawn), or within a window of UTC instants,
 * {@code from} inclusive and {@code until} exclusive, either end open. A movie out of its window
 * keeps its factors and ratings; it is only left out of what is recommended.
 *
 * @param from  the first instant it may be shown, null for no start
 * @param until the first instant it may no longer be shown, null for no end
 */
public record Availability(boolean retired, Instant from, Instant until) {

    public static final Availability ALWAYS = new Availability(false, null, null);
    public static final Availability RETIRED = new Availability(true, null, null);

    public Availability {
        if (from != null && until != null && !from.isBefore(until)) {
            throw new IllegalArgumentException(
                    "a window must start before it ends: " + from + " is not before " + until);
        }
    }

    /** Whether anything restricts the entry: retired, or a window with at least one end. */
    public boolean restricted() {
        return retired || from != null || until != null;
    }

    /** Whether the entry may be shown at {@code now}. */
    public boolean availableAt(Instant now) {
        return !retired && (from == null || !now.isBefore(from)) && (until == null || now.isBefore(until));
    }
}
