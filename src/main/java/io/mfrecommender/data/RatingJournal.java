package io.mfrecommender.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable log of ratings posted to the service and of deletions, one line per entry:
 * <pre>
 *   R user movie rating epochMillis     a rating (the latest per user and movie wins)
 *   D user movie epochMillis            the user's rating of the movie is removed
 *   U user epochMillis                  the user is erased: every rating, in the data too
 * </pre>
 * Each batch is appended and forced to disk ({@code FileChannel.force}) before {@link #append}
 * returns, so what was acknowledged survives a crash. A crash mid-write can leave a torn last
 * line (no newline): {@link #replay} reports and skips it, never fails on it, and the next
 * append starts on a fresh line. Appends are serialised, so concurrent batches never interleave.
 */
public final class RatingJournal {

    private static final Logger log = LoggerFactory.getLogger(RatingJournal.class);

    /** One entry: a rating, the removal of one, or the erasure of a user ({@code movie} and {@code rating} unused). */
    public record Entry(Kind kind, long user, long movie, float rating, long timestamp) {

        public enum Kind {
            RATING,
            DELETE_RATING,
            DELETE_USER
        }

        public static Entry rating(long user, long movie, float rating, long timestamp) {
            return new Entry(Kind.RATING, user, movie, rating, timestamp);
        }

        public static Entry deleteRating(long user, long movie, long timestamp) {
            return new Entry(Kind.DELETE_RATING, user, movie, Float.NaN, timestamp);
        }

        public static Entry deleteUser(long user, long timestamp) {
            return new Entry(Kind.DELETE_USER, user, 0, Float.NaN, timestamp);
        }

        String line() {
            return switch (kind) {
                case RATING ->
                    String.format(Locale.ROOT, "R %d %d %s %d\n", user, movie, Float.toString(rating), timestamp);
                case DELETE_RATING -> String.format(Locale.ROOT, "D %d %d %d\n", user, movie, timestamp);
                case DELETE_USER -> String.format(Locale.ROOT, "U %d %d\n", user, timestamp);
            };
        }

        static Entry parse(String line) {
            String[] f = line.strip().split(" ");
            return switch (f[0]) {
                case "R" -> {
                    require(f, 5);
                    float rating = Float.parseFloat(f[3]);
                    if (!Float.isFinite(rating)) {
                        throw new IllegalArgumentException("rating is not finite");
                    }
                    yield rating(Long.parseLong(f[1]), Long.parseLong(f[2]), rating, Long.parseLong(f[4]));
                }
                case "D" -> {
                    require(f, 4);
                    yield deleteRating(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
                }
                case "U" -> {
                    require(f, 3);
                    yield deleteUser(Long.parseLong(f[1]), Long.parseLong(f[2]));
                }
                default -> throw new IllegalArgumentException("unknown entry kind '" + f[0] + "'");
            };
        }

        private static void require(String[] fields, int count) {
            if (fields.length != count) {
                throw new IllegalArgumentException("expected " + count + " fields, got " + fields.length);
            }
        }
    }

    /**
     * What the journal says, replayed: the latest rating per (user, movie), the users erased after
     * their last rating, and how many lines were skipped.
     */
    public record State(Map<Long, Map<Long, Entry>> ratings, Map<Long, Long> erasedUsers, int skippedLines) {}

    private final Path file;

    public RatingJournal(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Appends the entries as one write and forces them to disk before returning. */
    public synchronized void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (Entry entry : entries) {
            text.append(entry.line());
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // Not APPEND, which cannot be combined with READ: appends are serialised here, so writing at
            // the current end is the same.
            try (FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                if (channel.size() > 0 && !endsWithNewline(channel)) {
                    text.insert(0, "\n"); // after a torn line: start afresh
                }
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                long position = channel.size();
                while (bytes.hasRemaining()) {
                    position += channel.write(bytes, position);
                }
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to the rating journal", e);
        }
    }

    private static boolean endsWithNewline(FileChannel channel) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, channel.size() - 1);
        return last.get(0) == '\n';
    }

    /** Replays the journal in order: later entries win; malformed or torn lines are reported and skipped. */
    public State replay() {
        Map<Long, Map<Long, Entry>> ratings = new LinkedHashMap<>();
        Map<Long, Long> erased = new LinkedHashMap<>();
        int skipped = replay(entry -> {
            switch (entry.kind()) {
                case RATING ->
                    ratings.computeIfAbsent(entry.user(), u -> new LinkedHashMap<>())
                            .put(entry.movie(), entry);
                case DELETE_RATING -> {
                    Map<Long, Entry> user = ratings.get(entry.user());
                    if (user != null) {
                        user.remove(entry.movie());
                    }
                    ratings.computeIfAbsent(entry.user(), u -> new LinkedHashMap<>())
                            .put(entry.movie(), entry);
                }
                case DELETE_USER -> {
                    ratings.remove(entry.user());
                    erased.put(entry.user(), entry.timestamp());
                }
            }
        });
        return new State(ratings, erased, skipped);
    }

    /**
     * Hands every readable entry to {@code sink}, in journal order; malformed or torn lines are
     * reported (one warning) and skipped. Returns how many were skipped. A missing file is an empty journal.
     */
    public int replay(java.util.function.Consumer<Entry> sink) {
        int skipped = 0;
        List<String> problems = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Entry entry;
                try {
                    entry = Entry.parse(line);
                } catch (RuntimeException e) {
                    skipped++;
                    if (problems.size() < 5) {
                        problems.add("line " + number + ": " + e.getMessage());
                    }
                    continue;
                }
                sink.accept(entry);
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the rating journal", e);
        }
        if (skipped > 0) {
            log.warn(
                    "Rating journal {}: skipped {} unreadable lines (a torn last line is what a crash mid-write "
                            + "leaves): {}",
                    file.getFileName(),
                    skipped,
                    problems);
        }
        return skipped;
    }

    /** Bytes in the journal file, 0 before the first append. */
    public long sizeBytes() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
