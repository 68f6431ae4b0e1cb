package io.mfrecommender.model;

import io.mfrecommender.data.Availability;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongToIntFunction;

/**
 * The served movies that are not always available (retired, or shown only within a window), by
 * served index, with their windows in epoch milliseconds: a sorted array, as there are few of them
 * (a lookup is a binary search; hiding them from a scan's scores touches only them). Built from the
 * catalogue at every swap that changes it or the served movies; read against the request's clock,
 * so a window opens and closes on time without a swap.
 */
final class ItemWindows {

    static final ItemWindows NONE = new ItemWindows(new int[0], new long[0], new long[0]);

    private final int[] items;
    /** First millisecond shown; {@link Long#MAX_VALUE} for a retired movie. */
    private final long[] from;
    /** First millisecond no longer shown. */
    private final long[] until;

    private ItemWindows(int[] items, long[] from, long[] until) {
        this.items = items;
        this.from = from;
        this.until = until;
    }

    /** @param indexOf a movie id's served index, −1 when not served */
    static ItemWindows of(MovieCatalog catalog, LongToIntFunction indexOf) {
        if (catalog.restricted().isEmpty()) {
            return NONE;
        }
        List<Served> served = new ArrayList<>();
        for (Movie movie : catalog.restricted()) {
            int item = indexOf.applyAsInt(movie.id());
            if (item >= 0) {
                served.add(new Served(item, movie.availability()));
            }
        }
        served.sort(Comparator.comparingInt(Served::item));
        int[] items = new int[served.size()];
        long[] from = new long[served.size()];
        long[] until = new long[served.size()];
        for (int r = 0; r < items.length; r++) {
            Availability availability = served.get(r).availability();
            items[r] = served.get(r).item();
            from[r] = availability.retired() ? Long.MAX_VALUE : millis(availability.from(), Long.MIN_VALUE);
            until[r] = millis(availability.until(), Long.MAX_VALUE);
        }
        return new ItemWindows(items, from, until);
    }

    /** A restricted movie the snapshot serves, at its served index. */
    private record Served(int item, Availability availability) {}

    private static long millis(Instant instant, long open) {
        if (instant == null) {
            return open;
        }
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Whether served movie {@code item} may be recommended at {@code now} (epoch milliseconds). */
    boolean available(int item, long now) {
        int at = Arrays.binarySearch(items, item);
        return at < 0 || (now >= from[at] && now < until[at]);
    }

    /** Sets the score of every movie below {@code length} that may not be shown at {@code now} to −∞. */
    void hide(float[] scores, int length, long now) {
        for (int r = 0; r < items.length && items[r] < length; r++) {
            if (!(now >= from[r] && now < until[r])) {
                scores[items[r]] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /** How many served movies have a restriction (retired or windowed). */
    int size() {
        return items.length;
    }
}
