package io.mfrecommender.data;

/** The closed interval of valid ratings, e.g. 1..5 for MovieLens and 0..10 for MovieTweetings. */
public record RatingScale(double min, double max) {

    public RatingScale {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("rating scale must satisfy min <= max, got " + min + ".." + max);
        }
    }

    public boolean contains(double rating) {
        return rating >= min && rating <= max;
    }

    public double clip(double rating) {
        return Math.max(min, Math.min(max, rating));
    }

    public double width() {
        return max - min;
    }

    /**
     * Maps a threshold given on the 1..5 MovieLens scale onto this scale, so "relevant means at
     * least 4 stars" means the same fraction of the range on a 0..10 scale (7.5): the ranking
     * protocol's rule.
     */
    public double fromFiveStar(double fiveStarValue) {
        return min + (fiveStarValue - 1.0) / 4.0 * width();
    }

    /**
     * The rating a viewer reads as {@code stars} of five: the same share of the scale's top, as a
     * card shows it (2.5 stars is 5 of 10, and 2.5 on a half-star 0.5..5 scale), where
     * {@link #fromFiveStar} maps 1..5 onto the whole range and so puts 2.5 stars at 3.75 of 10,
     * which a viewer reads as under two stars. On a scale reaching below zero (no viewer's scale)
     * it is {@link #fromFiveStar}.
     */
    public double fromStarsAsRead(double stars) {
        return min >= 0 && max > 0 ? stars / 5.0 * max : fromFiveStar(stars);
    }

    /**
     * The least rating that counts as liked: 4 of 5 stars, scaled ({@link #fromFiveStar}). What the
     * ranking metrics call relevant, the {@code liked} interactions count and an experiment counts
     * as a hit: one rule, here.
     */
    public double liked() {
        return fromFiveStar(LIKED_STARS);
    }

    /** Whether {@code rating} is {@link #liked}. */
    public boolean isLiked(double rating) {
        return rating >= liked();
    }

    /** {@link #liked} in stars of five. */
    public static final double LIKED_STARS = 4.0;

    @Override
    public String toString() {
        return format(min) + ".." + format(max);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
