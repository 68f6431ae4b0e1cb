package io.mfrecommender.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads explicit ratings from {@code ::}, tab-separated or CSV files (see {@link RatingFormat}),
 * detecting the layout from the first non-blank line. Each line is
 * {@code user, movie, rating[, timestamp]}; ids are whole numbers, the rating a decimal number.
 *
 * <p>Parsing works on the bytes of a reused buffer: a million ratings cost no object per line.
 * Bad lines are reported as {@code source:line: reason}; {@link ParseMode#STRICT} fails on the
 * first, {@link ParseMode#LENIENT} skips and counts them.
 */
public final class RatingsReader {

    /** How many skipped lines a report quotes in full. */
    static final int REPORTED_PROBLEMS = 10;

    private final ParseMode mode;
    private final RatingScale configuredScale;

    /**
     * @param mode            what to do with a malformed line
     * @param configuredScale the valid rating range, or null to take it from the data
     */
    public RatingsReader(ParseMode mode, RatingScale configuredScale) {
        this.mode = mode;
        this.configuredScale = configuredScale;
    }

    /** The ratings in a file and what the load found. */
    public record Result(Dataset dataset, LoadReport report) {}

    public Result read(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new DataLoadException(source + ": is a directory, expected a ratings file");
        }
        if (!Files.exists(file)) {
            throw new DataLoadException(source + ": file not found");
        }
        if (!Files.isReadable(file)) {
            throw new DataLoadException(source + ": file is not readable");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, source);
        } catch (IOException e) {
            throw new DataLoadException(source + ": could not be read: " + e.getMessage(), e);
        }
    }

    /** Reads ratings from a stream; {@code source} names it in messages. The stream is not closed. */
    public Result read(InputStream in, String source) throws IOException {
        LineScanner lines = new LineScanner(in);
        DatasetBuilder builder = new DatasetBuilder();
        Parser parser = new Parser(source);
        RatingFormat format = null;
        boolean header = false;
        while (lines.next()) {
            if (lines.isBlank()) {
                continue;
            }
            if (format == null) {
                String first =
                        new String(lines.buffer(), lines.start(), lines.end() - lines.start(), StandardCharsets.UTF_8);
                format = RatingFormat.detect(first);
                if (format == null) {
                    throw new DataLoadException(source + ":" + lines.lineNumber()
                            + ": cannot tell the format; expected 'user::movie::rating::timestamp', "
                            + "tab-separated or CSV with header 'userId,movieId,rating,timestamp'");
                }
                if (format == RatingFormat.CSV && !startsWithDigit(first)) {
                    header = true;
                    continue;
                }
            }
            String problem = parser.parse(lines, format.delimiter());
            if (problem == null) {
                builder.add(parser.user, parser.item, parser.rating, parser.timestamp);
            } else {
                parser.reject(lines.lineNumber(), problem);
            }
        }
        if (builder.size() == 0) {
            throw new DataLoadException(emptyMessage(source, lines.lineNumber(), header, parser));
        }
        Dataset dataset = builder.build(configuredScale);
        LoadReport report = new LoadReport(
                source,
                format,
                lines.lineNumber(),
                dataset.size(),
                parser.skipped,
                builder.duplicates(),
                parser.problems);
        return new Result(dataset, report);
    }

    private static String emptyMessage(String source, long lineCount, boolean header, Parser parser) {
        if (parser.skipped > 0) {
            return source + ": no valid ratings; all " + parser.skipped + " rating lines are malformed, first: "
                    + parser.problems.get(0);
        }
        if (header) {
            return source + ": has a header line but no ratings";
        }
        return source + (lineCount == 0 ? ": is empty" : ": contains only blank lines");
    }

    private static boolean startsWithDigit(String line) {
        String trimmed = line.strip();
        return !trimmed.isEmpty() && (Character.isDigit(trimmed.charAt(0)) || trimmed.charAt(0) == '-');
    }

    /** Field parsing state for one file; holds the last parsed line's values. */
    private final class Parser {
        private final String source;
        private final List<String> problems = new ArrayList<>();
        private long skipped;
        private final int[] fieldStart = new int[5];
        private final int[] fieldEnd = new int[5];
        private final long[] value = new long[1];

        long user;
        long item;
        float rating;
        long timestamp;

        Parser(String source) {
            this.source = source;
        }

        void reject(long lineNumber, String problem) {
            String message = source + ":" + lineNumber + ": " + problem;
            if (mode == ParseMode.STRICT) {
                throw new DataLoadException(message + " (parse mode is strict; use lenient to skip bad lines)");
            }
            skipped++;
            if (problems.size() < REPORTED_PROBLEMS) {
                problems.add(message);
            }
        }

        /** Parses the current line into the fields above; returns a reason when it is malformed. */
        String parse(LineScanner lines, byte[] delimiter) {
            byte[] b = lines.buffer();
            int fields = split(b, lines.start(), lines.end(), delimiter);
            if (fields < 3 || fields > 4) {
                return "expected 3 or 4 fields separated by '" + printable(delimiter) + "', found " + fields;
            }
            if (!parseLong(b, fieldStart[0], fieldEnd[0], value)) {
                return "user id '" + text(b, 0) + "' is not a whole number";
            }
            user = value[0];
            if (!parseLong(b, fieldStart[1], fieldEnd[1], value)) {
                return "movie id '" + text(b, 1) + "' is not a whole number";
            }
            item = value[0];
            double r = parseDecimal(b, fieldStart[2], fieldEnd[2]);
            if (Double.isNaN(r) || Double.isInfinite(r)) {
                return "rating '" + text(b, 2) + "' is not a number";
            }
            if (configuredScale != null && !configuredScale.contains(r)) {
                return "rating " + text(b, 2) + " is outside the configured scale " + configuredScale;
            }
            rating = (float) r;
            timestamp = 0;
            if (fields == 4) {
                if (!parseLong(b, fieldStart[3], fieldEnd[3], value)) {
                    return "timestamp '" + text(b, 3) + "' is not a whole number";
                }
                timestamp = value[0];
            }
            return null;
        }

        private int split(byte[] b, int start, int end, byte[] delimiter) {
            int count = 0;
            int fieldBegin = start;
            int i = start;
            while (i <= end - delimiter.length) {
                if (matches(b, i, delimiter)) {
                    if (count == fieldStart.length) {
                        return count + 1;
                    }
                    fieldStart[count] = fieldBegin;
                    fieldEnd[count++] = i;
                    i += delimiter.length;
                    fieldBegin = i;
                } else {
                    i++;
                }
            }
            if (count == fieldStart.length) {
                return count + 1;
            }
            fieldStart[count] = fieldBegin;
            fieldEnd[count++] = end;
            return count;
        }

        private String text(byte[] b, int field) {
            return new String(b, fieldStart[field], fieldEnd[field] - fieldStart[field], StandardCharsets.UTF_8)
                    .strip();
        }
    }

    private static boolean matches(byte[] b, int at, byte[] delimiter) {
        for (int k = 0; k < delimiter.length; k++) {
            if (b[at + k] != delimiter[k]) {
                return false;
            }
        }
        return true;
    }

    private static String printable(byte[] delimiter) {
        return delimiter.length == 1 && delimiter[0] == '\t' ? "\\t" : new String(delimiter, StandardCharsets.US_ASCII);
    }

    /** Parses an optionally signed decimal integer of up to 19 digits, ignoring surrounding spaces; false if malformed or overflowing a long. */
    static boolean parseLong(byte[] b, int start, int end, long[] out) {
        while (start < end && b[start] == ' ') {
            start++;
        }
        while (end > start && b[end - 1] == ' ') {
            end--;
        }
        boolean negative = start < end && b[start] == '-';
        if (negative) {
            start++;
        }
        if (start == end || end - start > 19) {
            return false;
        }
        // Accumulated negatively, so that Long.MIN_VALUE parses too.
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
                return false;
            }
            value = value * 10 - digit;
        }
        if (!negative && value == Long.MIN_VALUE) {
            return false;
        }
        out[0] = negative ? value : -value;
        return true;
    }

    /** Parses a decimal like {@code 4}, {@code 3.5} or {@code 4e0}; NaN when malformed. */
    static double parseDecimal(byte[] b, int start, int end) {
        while (start < end && b[start] == ' ') {
            start++;
        }
        while (end > start && b[end - 1] == ' ') {
            end--;
        }
        if (start == end) {
            return Double.NaN;
        }
        // Fast path for the common plain forms: digits, optionally one '.' and more digits.
        long mantissa = 0;
        int fractionDigits = -1;
        boolean plain = end - start <= 15;
        for (int i = start; i < end && plain; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (fractionDigits >= 0) {
                    fractionDigits++;
                }
            } else if (c == '.' && fractionDigits < 0) {
                fractionDigits = 0;
            } else {
                plain = false;
            }
        }
        if (plain && fractionDigits != 0) {
            return fractionDigits <= 0 ? mantissa : mantissa / Math.pow(10, fractionDigits);
        }
        try {
            return Double.parseDouble(new String(b, start, end - start, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
