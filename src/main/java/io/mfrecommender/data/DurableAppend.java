package io.mfrecommender.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends whole lines to a file and forces them to disk before returning: the rating journal's and
 * the catalogue edits' one way to write. A torn last line (a crash during an earlier write) is
 * closed with a newline first, so the new lines start afresh and a replay skips only the torn one;
 * a write that fails is taken back off the end, so nothing of it is kept. Callers serialise their
 * appends.
 */
public final class DurableAppend {

    private static final Logger log = LoggerFactory.getLogger(DurableAppend.class);

    private DurableAppend() {}

    /** Appends {@code lines} (ending with a newline) to {@code file}, created with its directory if absent. */
    public static void append(Path file, byte[] lines) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // Not APPEND, which cannot be combined with READ: appends are serialised by the callers, so
        // writing at the current end is the same.
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long start = channel.size();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            if (start > 0 && !endsWithNewline(channel)) {
                text.write('\n'); // after a torn line: start afresh
            }
            text.writeBytes(lines);
            try {
                ByteBuffer bytes = ByteBuffer.wrap(text.toByteArray());
                long position = start;
                while (bytes.hasRemaining()) {
                    position += channel.write(bytes, position);
                }
                channel.force(true);
            } catch (IOException e) {
                cutBack(file, channel, start);
                throw e;
            }
        }
    }

    /** Takes a failed write back off the end; if that fails too, a replay drops the torn lines. */
    private static void cutBack(Path file, FileChannel channel, long start) {
        try {
            channel.truncate(start);
            channel.force(true);
        } catch (IOException | RuntimeException again) {
            log.warn("Could not cut a failed write off {} ({}); replay will drop it", file.getFileName(), again);
        }
    }

    private static boolean endsWithNewline(FileChannel channel) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, channel.size() - 1);
        return last.get(0) == '\n';
    }
}
