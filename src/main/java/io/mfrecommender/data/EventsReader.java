package io.mfrecommender.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads an events file: one event per line, {@code user,movie,type,timestamp} (CSV, or separated by
 * {@code ::} or tabs, detected from the first line as ratings files are; a first line whose user is
 * not a number is a header). The timestamp is epoch seconds, as in rating files. A malformed line,
 * a type that is not a name ({@code [a-z][a-z0-9-]{0,31}}) or a line longer than
 * {@value #MAX_LINE_CHARS} characters stops the load, naming the line; which types count is the
 * settings' business ({@code recommender.events.types}), not the file's.
 */
public final class EventsReader {

    /** Longer lines are refused without being held. */
    public static final int MAX_LINE_CHARS = 4096;

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private EventsReader() {}

    public static EventTable read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.getFileName().toString());
        } catch (IOException e) {
            throw new DataLoadException(
                    "cannot read the events file " + file.getFileName() + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    /** @param name how errors name the source */
    public static EventTable read(Reader in, String name) throws IOException {
        EventTable.Builder events = new EventTable.Builder();
        String separator = null;
        StringBuilder line = new StringBuilder();
        int number = 0;
        while (true) {
            line.setLength(0);
            int c;
            boolean any = false;
            while ((c = in.read()) != -1 && c != '\n') {
                any = true;
                if (line.length() == MAX_LINE_CHARS) {
                    throw new DataLoadException(
                            name + " line " + (number + 1) + ": longer than " + MAX_LINE_CHARS + " characters");
                }
                line.append((char) c);
            }
            if (c == -1 && !any) {
                break;
            }
            number++;
            String text = line.toString().strip();
            if (text.isEmpty()) {
                continue;
            }
            if (separator == null) {
                separator = text.contains("::") ? "::" : text.contains("\t") ? "\t" : ",";
                if (!Character.isDigit(text.charAt(0)) && text.charAt(0) != '-') {
                    continue; // a header
                }
            }
            String[] fields = text.split(Pattern.quote(separator), -1);
            if (fields.length != 4) {
                throw new DataLoadException(name + " line " + number + ": expected user" + separator + "movie"
                        + separator + "type" + separator + "timestamp, got " + fields.length + " fields");
            }
            String type = fields[2].strip();
            if (!TYPE.matcher(type).matches()) {
                throw new DataLoadException(name + " line " + number + ": the type is not a name (lower-case "
                        + "letters, digits and dashes, a letter first, at most 32)");
            }
            try {
                events.add(
                        Long.parseLong(fields[0].strip()),
                        Long.parseLong(fields[1].strip()),
                        type,
                        1,
                        Long.parseLong(fields[3].strip()));
            } catch (NumberFormatException e) {
                throw new DataLoadException(
                        name + " line " + number + ": user, movie and timestamp must be whole numbers");
            }
            if (c == -1) {
                break;
            }
        }
        return events.build();
    }
}
