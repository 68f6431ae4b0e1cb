package io.mfrecommender.data;

/**
 * A rating or catalog source could not be read. The message is written for the person who
 * configured the source: it names the file and, where one is to blame, the line.
 */
public class DataLoadException extends RuntimeException {

    public DataLoadException(String message) {
        super(message);
    }

    public DataLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
