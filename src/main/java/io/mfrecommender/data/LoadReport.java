package io.mfrecommender.data;

import java.util.List;

/**
 * What one load of a rating source found.
 *
 * @param source         file or resource name, as used in messages
 * @param format         the detected layout
 * @param lines          lines read, blank and header lines included
 * @param ratings        ratings kept after de-duplication
 * @param skippedLines   malformed lines skipped in lenient mode
 * @param duplicates     earlier ratings replaced by a later one for the same user and movie
 * @param problems       the first few skipped lines, each as {@code source:line: reason}
 */
public record LoadReport(
        String source,
        RatingFormat format,
        long lines,
        int ratings,
        long skippedLines,
        int duplicates,
        List<String> problems) {

    public LoadReport {
        problems = List.copyOf(problems);
    }
}
