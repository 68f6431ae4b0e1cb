package io.mfrecommender.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The movies placed in a served version after it was trained: a movie added to the catalogue, or
 * rated, after the version was made. Each has its own bias and vectors in both models, from its
 * ratings ({@link Placement#RATINGS}, the movie-side fold-in) or, before it has any, from its genres
 * ({@link Placement#GENRES}). Served item indices continue the model's: the model's {@code n} movies
 * are {@code 0..n-1}, these {@code n, n+1, …} in the order they were first placed.
 *
 * <p>Immutable: {@link #with} copies the arrays, which is cheap for the few movies that arrive
 * between two trainings and keeps every published snapshot unchanged.
 */
public final class ItemOverlay {

    /** How a movie was placed. */
    public enum Placement {
        /** From its ratings against the fixed users. */
        RATINGS,
        /** From the movies of its genres, until it has ratings. */
        GENRES,
        /**
         * Neither: its ratings were removed and no genre of it has a trained movie. Predicted by the
         * baseline ({@code μ + b_u}), never recommended.
         */
        BASELINE
    }

    /**
     * One movie's place.
     *
     * @param rankerVector null when the version has no ranker
     * @param ratings      how many ratings placed it (0 when placed from genres)
     * @param meanRating   their mean, NaN without ratings
     */
    public record PlacedItem(
            long id,
            float bias,
            float[] vector,
            float[] rankerVector,
            Placement placement,
            int ratings,
            float meanRating) {}

    private static final ItemOverlay EMPTY = new ItemOverlay(new PlacedItem[0], Map.of());

    private final PlacedItem[] items;
    private final Map<Long, Integer> positions;

    private ItemOverlay(PlacedItem[] items, Map<Long, Integer> positions) {
        this.items = items;
        this.positions = positions;
    }

    public static ItemOverlay empty() {
        return EMPTY;
    }

    public int size() {
        return items.length;
    }

    /** The position of a movie in this overlay, or −1. */
    public int position(long id) {
        Integer at = positions.get(id);
        return at == null ? -1 : at;
    }

    public PlacedItem get(int position) {
        return items[position];
    }

    /** This overlay with {@code item} placed: replacing the movie's earlier place, or after the others. */
    public ItemOverlay with(PlacedItem item) {
        int at = position(item.id());
        if (at >= 0) {
            PlacedItem[] copy = items.clone();
            copy[at] = item;
            return new ItemOverlay(copy, positions);
        }
        PlacedItem[] copy = Arrays.copyOf(items, items.length + 1);
        copy[items.length] = item;
        Map<Long, Integer> morePositions = new HashMap<>(positions);
        morePositions.put(item.id(), items.length);
        return new ItemOverlay(copy, Map.copyOf(morePositions));
    }
}
