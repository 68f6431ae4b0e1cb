package io.mfrecommender.data;

/** What the readers do with a malformed line. */
public enum ParseMode {
    /** Fail the whole load with the file name and line number of the first bad line. */
    STRICT,
    /** Skip bad lines, count them, and report the first few with file name and line number. */
    LENIENT
}
