package io.mfrecommender.index;

/** An index on disk that cannot serve the vectors at hand: absent, incomplete, damaged, or built from others. */
public final class IndexMismatchException extends RuntimeException {

    public IndexMismatchException(String message) {
        super(message);
    }
}
