package io.mfrecommender.system;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where {@link BodyReader} puts a request body as it arrives: memory within a shared bound, or a file. */
final class BodySinks {

    private static final Logger log = LoggerFactory.getLogger(BodySinks.class);

    private BodySinks() {}

    /** A body received in full: its length and a way to read it. */
    interface Body {
        long length();

        InputStream open() throws IOException;
    }

    /** Where a body's bytes go as they arrive; released exactly once, when the request ends. */
    abstract static class Sink {
        private final AtomicBoolean released = new AtomicBoolean();

        abstract long size();

        /** False when the bytes may not be kept (the memory bound). */
        abstract boolean write(byte[] chunk, int n) throws IOException;

        abstract Body finish() throws IOException;

        boolean reserve(long bytes) {
            return true;
        }

        final void release() {
            if (released.compareAndSet(false, true)) {
                releaseOnce();
            }
        }

        abstract void releaseOnce();
    }

    /** A body in memory, its bytes counted against the shared bound as they arrive. */
    static final class MemorySink extends Sink {
        private final ByteArrayOutputStream bytes;
        private final AtomicLong buffered;
        private final long maxBuffered;
        private long reserved;

        /**
         * @param buffered    the bytes all requests' bodies hold now, shared
         * @param maxBuffered the most they may hold together
         */
        MemorySink(long declared, AtomicLong buffered, long maxBuffered) {
            this.bytes = new ByteArrayOutputStream(declared > 0 ? (int) Math.min(declared, 1 << 20) : 1024);
            this.buffered = buffered;
            this.maxBuffered = maxBuffered;
        }

        @Override
        synchronized boolean reserve(long more) {
            long wanted = bytes.size() + more - reserved;
            if (wanted <= 0) {
                return true;
            }
            long now = buffered.addAndGet(wanted);
            if (now > maxBuffered) {
                buffered.addAndGet(-wanted);
                return false;
            }
            reserved += wanted;
            return true;
        }

        @Override
        long size() {
            return bytes.size();
        }

        @Override
        boolean write(byte[] chunk, int n) {
            if (!reserve(n)) {
                return false;
            }
            bytes.write(chunk, 0, n);
            return true;
        }

        @Override
        Body finish() {
            byte[] body = bytes.toByteArray();
            return new Body() {
                @Override
                public long length() {
                    return body.length;
                }

                @Override
                public InputStream open() {
                    return new ByteArrayInputStream(body);
                }
            };
        }

        @Override
        synchronized void releaseOnce() {
            buffered.addAndGet(-reserved);
            reserved = 0;
        }
    }

    /** An upload written to a file as it arrives; the file and the permit go back at the end. */
    static final class FileSink extends Sink {
        private final Path file;
        private final FileChannel channel;
        private final Semaphore permit;
        private long size;

        FileSink(Path directory, Semaphore permit) throws IOException {
            Files.createDirectories(directory);
            this.file = Files.createTempFile(directory, "upload-", ".part");
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
            this.permit = permit;
        }

        @Override
        long size() {
            return size;
        }

        @Override
        boolean write(byte[] chunk, int n) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            size += n;
            return true;
        }

        @Override
        Body finish() throws IOException {
            channel.close();
            long length = size;
            return new Body() {
                @Override
                public long length() {
                    return length;
                }

                @Override
                public InputStream open() throws IOException {
                    return Files.newInputStream(file);
                }
            };
        }

        @Override
        void releaseOnce() {
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Could not remove a spooled upload: {}", e.toString());
            } finally {
                permit.release();
            }
        }
    }
}
