package io.mfrecommender.ratings;

import io.mfrecommender.ratings.RatingLog.Entry;
import io.mfrecommender.ratings.RatingLog.Sink;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The rating journal's lines ({@link RatingJournal} describes them): an entry written as a line and
 * parsed back, a batch with its commit line, and the replay's state machine, which reads lines one
 * at a time and hands on only the entries of committed batches.
 */
final class JournalFormat {

    /** The line after which every entry belongs to a committed batch. */
    static final String MARKER = "V 2";
    /** Lines longer than this are skipped at replay: no entry is. */
    static final int MAX_LINE_BYTES = 4096;

    private JournalFormat() {}

    /** The lines of {@code entries} and their commit line, whose sequence numbers end at {@code last}. */
    static byte[] batchBytes(List<Entry> entries, long last) {
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
            case EVENT ->
                String.format(
                        Locale.ROOT,
                        "E %d %d %s %d %d\n",
                        entry.user(),
                        entry.movie(),
                        entry.event(),
                        entry.count(),
                        entry.timestamp());
            case DELETE_EVENT ->
                String.format(
                        Locale.ROOT, "F %d %d %s %d\n", entry.user(), entry.movie(), entry.event(), entry.timestamp());
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
            case "E" -> {
                require(f, 6);
                yield Entry.event(
                        Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], Integer.parseInt(f[4]), Long.parseLong(f[5]));
            }
            case "F" -> {
                require(f, 5);
                yield Entry.deleteEvent(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], Long.parseLong(f[4]));
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
    /** The state of one replay: the batch being read, and what was skipped. */
    static final class Replay {
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final List<Entry> pending = new ArrayList<>();
        private final List<Integer> pendingLines = new ArrayList<>();
        private final List<byte[]> pendingBytes = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
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
}
