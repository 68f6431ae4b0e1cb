package io.mfrecommender.ratings;

import io.mfrecommender.data.WriteFailedException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The durable record of ratings and events posted to the service, of their removals and of erasures: what
 * the posted-ratings state is replayed from at start and appended to on every write. Two kinds
 * exist: {@link RatingJournal}, a file only this process writes (the embedded default), and a
 * PostgreSQL table every replica writes and reads.
 *
 * <p>Every entry has a sequence number, increasing in the order entries take effect; a model
 * version records how far it was trained ({@code postedThrough}) in these numbers.
 */
public interface RatingLog {

    /**
     * One entry: a rating, the removal of one, {@code count} events of one type ({@code EVENT}: a
     * view, a play, "not interested"; {@code timestamp} is the last of them), the removal of the
     * user's events of one type for a movie ({@code DELETE_EVENT}), or the erasure of a user, by id
     * ({@code DELETE_USER}) or by keyed digest ({@code ERASED}, where {@code user} is unused).
     */
    record Entry(
            Kind kind, long user, long movie, float rating, long timestamp, String digest, String event, int count) {

        public enum Kind {
            RATING,
            DELETE_RATING,
            EVENT,
            DELETE_EVENT,
            DELETE_USER,
            ERASED
        }

        /** What an event type may be called: lower-case letters, digits and dashes, 1 to 32 of them. */
        public static final java.util.regex.Pattern EVENT_TYPE =
                java.util.regex.Pattern.compile("[a-z][a-z0-9-]{0,31}");

        public Entry {
            if ((kind == Kind.EVENT || kind == Kind.DELETE_EVENT)
                    && (event == null || !EVENT_TYPE.matcher(event).matches())) {
                throw new IllegalArgumentException("not an event type: " + event);
            }
            if (kind == Kind.EVENT && count < 1) {
                throw new IllegalArgumentException("an event entry counts at least one event, got " + count);
            }
        }

        public static Entry rating(long user, long movie, float rating, long timestamp) {
            return new Entry(Kind.RATING, user, movie, rating, timestamp, null, null, 0);
        }

        public static Entry deleteRating(long user, long movie, long timestamp) {
            return new Entry(Kind.DELETE_RATING, user, movie, Float.NaN, timestamp, null, null, 0);
        }

        /** {@code count} events of {@code type} by the user on the movie, the last at {@code timestamp}. */
        public static Entry event(long user, long movie, String type, int count, long timestamp) {
            return new Entry(Kind.EVENT, user, movie, Float.NaN, timestamp, null, type, count);
        }

        public static Entry deleteEvent(long user, long movie, String type, long timestamp) {
            return new Entry(Kind.DELETE_EVENT, user, movie, Float.NaN, timestamp, null, type, 0);
        }

        public static Entry deleteUser(long user, long timestamp) {
            return new Entry(Kind.DELETE_USER, user, 0, Float.NaN, timestamp, null, null, 0);
        }

        public static Entry erased(String digest, long timestamp) {
            return new Entry(Kind.ERASED, 0, 0, Float.NaN, timestamp, digest, null, 0);
        }
    }

    /** Receives committed entries in order, each with its sequence number and (for a file) its line. */
    @FunctionalInterface
    interface Sink {
        void accept(Entry entry, long sequence, int line);
    }

    /** A batch to {@link #rewrite}: its entries and the sequence number of the last. */
    record Batch(List<Entry> entries, long lastSequence) {}

    /** What the log is, for log lines: a file name or a table; never a credential. */
    String describe();

    /**
     * Hands every committed entry to {@code sink}, in order, with its sequence number; returns how
     * many unreadable entries were skipped (each named in a warning).
     *
     * @throws UncheckedIOException when the log cannot be read at all
     */
    int replay(Sink sink);

    /** The sequence number of the last committed entry (0 for an empty log). */
    long lastSequence();

    /**
     * Appends the entries as one batch, durable (forced to disk, or committed) before it returns;
     * returns the sequence number of the last. On failure nothing of the batch is kept.
     *
     * @throws WriteFailedException when the log cannot be written now
     */
    long append(List<Entry> entries);

    /**
     * Whether other processes append to this log too. Then a writer does not apply its own batch
     * directly: it reads the log back in order ({@link #readAfter}), its batch and everyone else's.
     */
    default boolean shared() {
        return false;
    }

    /**
     * Hands the committed entries after {@code sequence} to {@code sink}, in order (at most a page
     * of them), and returns the sequence number of the last one handed, or {@code sequence}.
     *
     * @throws WriteFailedException when the log cannot be read now
     */
    default long readAfter(long sequence, Sink sink) {
        throw new UnsupportedOperationException(describe() + " has one writer; nothing to read back");
    }

    /**
     * The keyed digest that names an erased user once their id has left the log (HMAC-SHA256 with a
     * key only the log holds), so an erasure is honoured without keeping the user's id.
     */
    String erasureDigest(long user);

    /** HMAC-SHA256 of the user's id in decimal, under {@code key}, in hex: the digest both logs write. */
    static String erasureDigest(byte[] key, long user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(Long.toString(user).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Whether {@link #rewrite} replaces the log with its folded state. A database log needs no
     * compaction: an erasure deletes the user's rows in place.
     */
    default boolean compactable() {
        return false;
    }

    /**
     * Replaces the log with {@code batches} (its folded state), atomically: a crash at any moment
     * leaves the old log or the new one.
     *
     * @throws WriteFailedException when it cannot be written; the old log is kept
     */
    default void rewrite(List<Batch> batches) {
        throw new UnsupportedOperationException(describe() + " is not compacted");
    }

    /** Bytes the log takes, or -1 where that is not known cheaply. */
    long sizeBytes();

    /** Whether a write would succeed now, tried without writing an entry (health asks while writes fail). */
    boolean probeWrites();
}
