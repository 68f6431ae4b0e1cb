package io.mfrecommender.data;

import java.util.List;

/**
 * Where catalogue edits are kept when every replica shares them: lines of the edits format in one
 * order, each with an increasing position, appended durably and read back from a position.
 */
public interface SharedCatalogueLog {

    /** One stored line and its position. */
    record Line(long position, String text) {}

    /**
     * Appends one line; it is durable and visible to every reader when this returns.
     *
     * @return its position
     */
    long append(String line);

    /** Every line after {@code position} (0: all of them), in order. */
    List<Line> after(long position);

    /** What the log is, for messages. */
    String describe();
}
