package io.mfrecommender.model;

/** A model version could not be saved, found or read; the message names the version and the file. */
public class ModelStoreException extends RuntimeException {

    public ModelStoreException(String message) {
        super(message);
    }

    public ModelStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
