package io.mfrecommender.data;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A durable write failed (a full disk, a read-only filesystem, a database refusing): nothing of it is kept. */
public final class WriteFailedException extends UncheckedIOException {
    public WriteFailedException(String message, IOException cause) {
        super(message, cause);
    }
}
