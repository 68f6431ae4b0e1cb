package io.mfrecommender.model;

import io.mfrecommender.data.Availability;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import java.time.Instant;
import java.util.Arrays;
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
        long[][] rows = catalog.restricted().stream()
                .map(movie -> new long[] {indexOf.applyAsInt(movie.id()), 0, 0, movie.id()})
                .filter(row -> row[0] >= 0)
                .toArray(long[][]::new);
        Arrays.sort(rows, (a, b) -> Long.compare(a[0], b[0]));
        int[] items = new int[rows.length];
        long[] from = new long[rows.length];
        long[] until = new long[rows.length];
        for (int r = 0; r < rows.length; r++) {
            Availability availability =
                    catalog.find(rows[r][3]).map(Movie::availability).orElseThrow();
            items[r] = (int) rows[r][0];
            from[r] = availability.retired() ? Long.MAX_VALUE : millis(availability.from(), Long.MIN_VALUE);
            until[r] = millis(availability.until(), Long.MAX_VALUE);
        }
        return new ItemWindows(items, from, until);
    }

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
