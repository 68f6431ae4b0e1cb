package io.mfrecommender.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable log of ratings posted to the service and of deletions, one line per entry, in
 * batches that are all or nothing:
 * <pre>
 *   V 2                           every entry after this line belongs to a committed batch
 *   K salt                        key of the erasure digests below (hex), written once
 *   R user movie rating millis    a rating (the latest per user and movie wins)
 *   D user movie millis           the user's rating of the movie is removed
 *   U user millis                 the user is erased: every rating, in the data too
 *   X digest millis               the same erasure, the user named only by a keyed digest (compaction writes it)
 *   C n last crc                  commits the n entry lines before it: their sequence numbers end at
 *                                 {@code last}, and {@code crc} is the CRC-32 of their bytes
 * </pre>
 * A batch is appended and forced to disk ({@code FileChannel.force}) before {@link #append}
 * returns, so what was acknowledged survives a crash. A write that fails (a full disk, a
 * read-only filesystem) is cut off again before the error is thrown, and a batch whose commit line
 * is missing or does not match (a crash mid-write, a cut that failed too) is dropped whole at
 * replay: nothing refused ever comes back. Lines before {@code V 2} were written one entry at a
 * time by earlier versions and are read as they were. A line that is not UTF-8 or not an entry
 * is skipped with a warning naming it. Appends and rewrites are serialised.
 *
 * <p>Sequence numbers: each entry gets the next one, in order; a compacted journal
 * ({@link #rewrite}) keeps each user's, so what a model version recorded as trained on
 * ({@code postedThrough}) keeps its meaning.
 */
public final class RatingJournal implements RatingLog {

    private static final Logger log = LoggerFactory.getLogger(RatingJournal.class);
    private static final String MARKER = "V 2";
    private static final int MAX_LINE_BYTES = 4096;

    /**
     * What the journal says, replayed: the latest rating per (user, movie), the users erased after
     * their last rating, and how many lines were skipped.
     */
    public record State(Map<Long, Map<Long, Entry>> ratings, Map<Long, Long> erasedUsers, int skippedLines) {}

    private final Path file;
    private boolean opened;
    private boolean batched;
    private byte[] salt;
    private long sequence;

    public RatingJournal(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The sequence number of the last committed entry (0 for an empty journal). */
    @Override
    public synchronized long lastSequence() {
        open();
        return sequence;
    }

    /**
     * Appends the entries as one batch and forces it to disk before returning; returns the
     * sequence number of the last. On failure nothing of the batch is kept.
     *
     * @throws WriteFailedException when the journal cannot be written (the disk is full, say)
     */
    @Override
    public synchronized long append(List<Entry> entries) {
        open();
        if (entries.isEmpty()) {
            return sequence;
        }
        long last = sequence + entries.size();
        byte[] batch = batchBytes(entries, last);
        try {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            if (!batched) {
                text.writeBytes((MARKER + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            text.writeBytes(batch);
            DurableAppend.append(file, text.toByteArray());
        } catch (IOException e) {
            throw new WriteFailedException("could not append to the rating journal: " + reason(e), e);
        }
        batched = true;
        sequence = last;
        return last;
    }

    private static byte[] batchBytes(List<Entry> entries, long last) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (Entry entry : entries) {
            lines.writeBytes(line(entry).getBytes(StandardCharsets.US_ASCII));
        }
        CRC32 crc = new CRC32();
        crc.update(lines.toByteArray());
        lines.writeBytes(String.format(Locale.ROOT, "C %d %d %08x\n", entries.size(), last, crc.getValue())
                .getBytes(StandardCharsets.US_ASCII));
        return lines.toByteArray();
    }

    /** What failed, without the path: an I/O exception's message is often only the file name. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Replaces the journal with {@code batches} (a compacted state), atomically: written beside it,
     * forced to disk, renamed over it. A crash at any moment leaves the old journal or the new one.
     *
     * @throws WriteFailedException when it cannot be written; the old journal is kept
     */
    @Override
    public synchronized void rewrite(List<Batch> batches) {
        open();
        Path temporary = temporaryFile();
        try {
            try (FileChannel channel = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                text.writeBytes((MARKER + "\nK " + HexFormat.of().formatHex(salt()) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
                for (Batch batch : batches) {
                    if (!batch.entries().isEmpty()) {
                        text.writeBytes(batchBytes(batch.entries(), batch.lastSequence()));
                    }
                    if (text.size() > 1 << 20) {
                        writeFully(channel, text.toByteArray());
                        text.reset();
                    }
                }
                writeFully(channel, text.toByteArray());
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename atomically", e);
            }
            forceDirectory();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // What is left is removed at the next start.
            }
            throw new WriteFailedException("could not rewrite the rating journal: " + reason(e), e);
        }
        batched = true;
    }

    private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private Path temporaryFile() {
        return file.resolveSibling("." + file.getFileName() + ".rewrite");
    }

    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can sync a directory; the rename stays atomic regardless.
        }
    }

    /**
     * The keyed digest that names an erased user in a compacted journal (HMAC-SHA256 with this
     * journal's salt): the journal can honour an erasure without holding the user's id.
     */
    @Override
    public synchronized String erasureDigest(long user) {
        open();
        return RatingLog.erasureDigest(salt(), user);
    }

    private byte[] salt() {
        if (salt == null) {
            salt = new byte[32];
            new SecureRandom().nextBytes(salt);
        }
        return salt;
    }

    /** Replays the journal in order: later entries win; malformed lines and uncommitted batches are skipped. */
    public State replay() {
        Map<Long, Map<Long, Entry>> ratings = new LinkedHashMap<>();
        Map<Long, Long> erased = new LinkedHashMap<>();
        int skipped = replay((entry, sequence, line) -> {
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
                case ERASED -> {
                    // Named by digest only: nothing here to remove by id.
                }
            }
        });
        return new State(ratings, erased, skipped);
    }

    /**
     * Hands every committed entry to {@code sink}, in journal order, with its sequence number;
     * malformed lines and batches without a matching commit line are reported (one warning) and
     * skipped. Returns how many lines were skipped. A missing file is an empty journal.
     *
     * @throws UncheckedIOException when the file cannot be read at all (it is a directory, say)
     */
    @Override
    public synchronized int replay(Sink sink) {
        Replay replay = new Replay();
        if (Files.isDirectory(file)) {
            throw new UncheckedIOException(
                    "the rating journal " + file + " is a directory, not a file", new IOException("is a directory"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            byte[] line = new byte[MAX_LINE_BYTES];
            int length = 0;
            int number = 0;
            boolean overlong = false;
            for (int read = in.read(chunk); read != -1; read = in.read(chunk)) {
                for (int i = 0; i < read; i++) {
                    byte b = chunk[i];
                    if (b != '\n') {
                        if (length < MAX_LINE_BYTES) {
                            line[length++] = b;
                        } else {
                            overlong = true;
                        }
                        continue;
                    }
                    replay.line(++number, java.util.Arrays.copyOf(line, length), overlong, sink);
                    length = 0;
                    overlong = false;
                }
            }
            if (length > 0 || overlong) {
                replay.torn(number + 1);
            }
        } catch (NoSuchFileException e) {
            // An empty journal.
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the rating journal: " + reason(e), e);
        }
        replay.end();
        try {
            Files.deleteIfExists(temporaryFile());
        } catch (IOException e) {
            log.warn("Could not remove the unfinished journal rewrite {}: {}", temporaryFile(), reason(e));
        }
        opened = true;
        batched = replay.batched;
        if (replay.salt != null) {
            salt = replay.salt;
        }
        sequence = Math.max(sequence, replay.sequence);
        if (replay.skipped > 0) {
            log.warn(
                    "Rating journal {}: skipped {} lines (a torn or refused batch, a line that is not UTF-8, or one "
                            + "that is not an entry): {}",
                    file.getFileName(),
                    replay.skipped,
                    replay.problems);
        }
        return replay.skipped;
    }

    /** Reads the file once before the first append, so appends continue its sequence and format. */
    private void open() {
        if (!opened) {
            replay((entry, sequence, line) -> {});
        }
    }

    /** The state of one replay: the batch being read, and what was skipped. */
    private final class Replay {
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final List<Entry> pending = new ArrayList<>();
        private final List<Integer> pendingLines = new ArrayList<>();
        private final List<byte[]> pendingBytes = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        boolean batched;
        byte[] salt;
        long sequence;
        int skipped;

        void line(int number, byte[] bytes, boolean overlong, Sink sink) {
            if (overlong) {
                skip(number, "longer than " + MAX_LINE_BYTES + " bytes");
                return;
            }
            String text;
            try {
                text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                skip(number, "not UTF-8");
                return;
            }
            if (text.isBlank()) {
                return;
            }
            if (text.equals(MARKER)) {
                batched = true;
                return;
            }
            if (text.startsWith("K ")) {
                try {
                    salt = HexFormat.of().parseHex(text.substring(2).strip());
                } catch (IllegalArgumentException e) {
                    skip(number, "not a key");
                }
                return;
            }
            if (text.startsWith("C ")) {
                commit(number, text, sink);
                return;
            }
            Entry entry;
            try {
                entry = parse(text);
            } catch (RuntimeException e) {
                skip(number, e.getMessage());
                return;
            }
            if (!batched) {
                sink.accept(entry, ++sequence, number);
                return;
            }
            pending.add(entry);
            pendingLines.add(number);
            pendingBytes.add(bytes);
        }

        /**
         * A commit covers the {@code n} entry lines before it. Lines pending before those are a batch
         * that never got its commit (a failed write that could not be cut off): dropped.
         */
        private void commit(int number, String text, Sink sink) {
            String[] f = text.split(" ");
            try {
                if (f.length != 4) {
                    throw new IllegalArgumentException("has " + f.length + " fields");
                }
                int count = Integer.parseInt(f[1]);
                long last = Long.parseLong(f[2]);
                long sum = Long.parseLong(f[3], 16);
                if (count < 1 || count > pending.size() || last < count) {
                    throw new IllegalArgumentException("does not match the " + pending.size() + " lines before it");
                }
                int from = pending.size() - count;
                CRC32 crc = new CRC32();
                for (int i = from; i < pending.size(); i++) {
                    crc.update(pendingBytes.get(i));
                    crc.update('\n');
                }
                if (crc.getValue() != sum) {
                    throw new IllegalArgumentException("does not match the checksum of its lines");
                }
                dropPending(from);
                long first = last - count + 1;
                for (int i = 0; i < count; i++) {
                    sink.accept(pending.get(from + i), first + i, pendingLines.get(from + i));
                }
                sequence = Math.max(sequence, last);
            } catch (RuntimeException e) {
                dropPending(pending.size());
                skip(number, "commit " + e.getMessage());
            }
            clear();
        }

        void torn(int number) {
            skip(number, "torn (no end of line)");
        }

        void end() {
            dropPending(pending.size());
            clear();
        }

        /** Skips the first {@code count} pending lines: a batch without its commit. */
        private void dropPending(int count) {
            if (count > 0) {
                skip(pendingLines.get(0), "a batch of " + count + " lines without its commit");
                skipped += count - 1;
            }
        }

        private void clear() {
            pending.clear();
            pendingLines.clear();
            pendingBytes.clear();
        }

        private void skip(int number, String why) {
            skipped++;
            if (problems.size() < 5) {
                problems.add("line " + number + ": " + why);
            }
        }
    }

    @Override
    public String describe() {
        return file.getFileName().toString();
    }

    @Override
    public boolean compactable() {
        return true;
    }

    /** Tries a small forced write beside the journal, so health can say writes work again before a client tries one. */
    @Override
    public boolean probeWrites() {
        Path directory = file.toAbsolutePath().getParent();
        Path probe = null;
        try {
            Files.createDirectories(directory);
            probe = Files.createTempFile(directory, ".probe-", ".tmp");
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.allocate(4096));
                channel.force(true);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // A full disk may refuse even this; the next probe tries again.
                }
            }
        }
    }

    /** Bytes in the journal file, 0 before the first append. */
    @Override
    public long sizeBytes() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String line(Entry entry) {
        return switch (entry.kind()) {
            case RATING ->
                String.format(
                        Locale.ROOT,
                        "R %d %d %s %d\n",
                        entry.user(),
                        entry.movie(),
                        Float.toString(entry.rating()),
                        entry.timestamp());
            case DELETE_RATING ->
                String.format(Locale.ROOT, "D %d %d %d\n", entry.user(), entry.movie(), entry.timestamp());
            case DELETE_USER -> String.format(Locale.ROOT, "U %d %d\n", entry.user(), entry.timestamp());
            case ERASED -> "X " + entry.digest() + " " + entry.timestamp() + "\n";
        };
    }

    private static Entry parse(String line) {
        String[] f = line.strip().split(" ");
        return switch (f[0]) {
            case "R" -> {
                require(f, 5);
                float rating = Float.parseFloat(f[3]);
                if (!Float.isFinite(rating)) {
                    throw new IllegalArgumentException("rating is not finite");
                }
                yield Entry.rating(Long.parseLong(f[1]), Long.parseLong(f[2]), rating, Long.parseLong(f[4]));
            }
            case "D" -> {
                require(f, 4);
                yield Entry.deleteRating(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
            }
            case "U" -> {
                require(f, 3);
                yield Entry.deleteUser(Long.parseLong(f[1]), Long.parseLong(f[2]));
            }
            case "X" -> {
                require(f, 3);
                if (!f[1].matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("not a digest");
                }
                yield Entry.erased(f[1], Long.parseLong(f[2]));
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
