package io.mfrecommender.data;

import java.nio.charset.StandardCharsets;

/** The rating layouts the readers understand; which one a file uses is read from its content. */
public enum RatingFormat {
    /** {@code user::movie::rating::timestamp}: MovieLens 1M and 10M, MovieTweetings. */
    DOUBLE_COLON("::"),
    /** {@code user<TAB>movie<TAB>rating<TAB>timestamp}: MovieLens 100K {@code u.data}. */
    TAB("\t"),
    /** {@code userId,movieId,rating,timestamp} after a header line: MovieLens {@code ratings.csv}. */
    CSV(","),
    /** Rows of a database query (user, movie, rating, timestamp): never detected, there are no lines. */
    ROWS("");

    private final byte[] delimiter;

    RatingFormat(String delimiter) {
        this.delimiter = delimiter.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] delimiter() {
        return delimiter;
    }

    /** Detects the format from the first non-blank line, or returns null when none fits. */
    static RatingFormat detect(String firstLine) {
        if (firstLine.contains("::")) {
            return DOUBLE_COLON;
        }
        if (firstLine.indexOf('\t') >= 0) {
            return TAB;
        }
        if (firstLine.indexOf(',') >= 0) {
            return CSV;
        }
        return null;
    }
}
