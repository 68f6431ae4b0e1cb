package io.mfrecommender.ratings;

import io.mfrecommender.data.DurableAppend;
import io.mfrecommender.data.DurableFiles;
import io.mfrecommender.data.WriteFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable log of ratings and events posted to the service and of deletions, one line per entry, in
 * batches that are all or nothing:
 * <pre>
 *   V 2                           every entry after this line belongs to a committed batch
 *   K salt                        key of the erasure digests below (hex), written once
 *   R user movie rating millis    a rating (the latest per user and movie wins)
 *   D user movie millis           the user's rating of the movie is removed
 *   E user movie type n millis    n events of one type (a view, a play, not-interested), the last at millis
 *   F user movie type millis      the user's events of that type on the movie are removed
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
        byte[] batch = JournalFormat.batchBytes(entries, last);
        try {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            if (!batched) {
                text.writeBytes((JournalFormat.MARKER + "\n").getBytes(StandardCharsets.US_ASCII));
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

    /** What failed, without the path: an I/O exception's message is often only the file name. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
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
        byte[] header = (JournalFormat.MARKER + "\nK " + HexFormat.of().formatHex(salt()) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            DurableFiles.replace(file, out -> {
                out.write(header);
                for (Batch batch : batches) {
                    if (!batch.entries().isEmpty()) {
                        out.write(JournalFormat.batchBytes(batch.entries(), batch.lastSequence()));
                    }
                }
            });
        } catch (IOException e) {
            throw new WriteFailedException("could not rewrite the rating journal: " + reason(e), e);
        }
        batched = true;
    }

    /** What an unfinished rewrite leaves: {@link DurableFiles#temporaryOf}, or the name versions before it used. */
    private List<Path> unfinishedRewrites() {
        return List.of(DurableFiles.temporaryOf(file), file.resolveSibling("." + file.getFileName() + ".rewrite"));
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
                case EVENT, DELETE_EVENT, ERASED -> {
                    // Events are not ratings; an erasure by digest names no id to remove.
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
        JournalFormat.Replay replay = new JournalFormat.Replay();
        if (Files.isDirectory(file)) {
            throw new UncheckedIOException(
                    "the rating journal " + file + " is a directory, not a file", new IOException("is a directory"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            byte[] line = new byte[JournalFormat.MAX_LINE_BYTES];
            int length = 0;
            int number = 0;
            boolean overlong = false;
            for (int read = in.read(chunk); read != -1; read = in.read(chunk)) {
                for (int i = 0; i < read; i++) {
                    byte b = chunk[i];
                    if (b != '\n') {
                        if (length < JournalFormat.MAX_LINE_BYTES) {
                            line[length++] = b;
                        } else {
                            overlong = true;
                        }
                        continue;
                    }
                    replay.line(++number, Arrays.copyOf(line, length), overlong, sink);
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
        for (Path unfinished : unfinishedRewrites()) {
            try {
                Files.deleteIfExists(unfinished);
            } catch (IOException e) {
                log.warn("Could not remove the unfinished journal rewrite {}: {}", unfinished, reason(e));
            }
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
}
