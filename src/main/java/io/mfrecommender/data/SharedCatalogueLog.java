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

    /**
     * Replaces every line up to {@code upTo} by {@code lines}, appended after the others, in one
     * atomic change, but only when no line was appended after {@code upTo}: a reader that had read
     * any prefix and reads on finds the same edits.
     *
     * @return the position of the last line appended, or 0 when another line followed {@code upTo}
     *     (nothing changed then)
     */
    long compact(List<String> lines, long upTo);

    /** What the log is, for messages. */
    String describe();
}
