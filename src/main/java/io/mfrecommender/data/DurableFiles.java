package io.mfrecommender.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** Small records on disk that a crash never leaves half written. */
public final class DurableFiles {

    private DurableFiles() {}

    /**
     * Replaces {@code file} with {@code bytes}: written to a hidden temporary file beside it, forced
     * to disk and renamed over it, so a crash leaves the old whole file or the new one.
     */
    public static void replace(Path file, byte[] bytes) throws IOException {
        replace(file, out -> out.write(bytes));
    }

    /** What writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code file} with what {@code writer} writes, streamed (never whole in memory), with the
     * same guarantee as {@link #replace(Path, byte[])}: a failure anywhere, a full disk included,
     * leaves the old file (or none) and no temporary file.
     */
    public static void replace(Path file, Writer writer) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temp = temporaryOf(file);
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(
                            temp,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(directory);
        } catch (IOException | RuntimeException e) {
            // Whatever failed, the writer's refusal included: no temporary file is left behind.
            try {
                Files.deleteIfExists(temp);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /** The hidden file a {@link #replace} of {@code file} writes before renaming it: what a crash mid-write leaves. */
    public static Path temporaryOf(Path file) {
        return file.toAbsolutePath().getParent().resolve("." + file.getFileName() + ".tmp");
    }

    /** Forces a directory's entries (a rename in it) to disk where the platform can; the rename is atomic regardless. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can sync a directory.
        }
    }

    /**
     * A replacement written and forced to disk but not yet in place: {@link #commit} renames it over
     * the file, {@link #abort} removes it. For a change that must be recorded before it takes effect
     * and must not be recorded if it does not: stage (the step that can fail for want of space),
     * make the change, then commit (a rename, which needs none).
     */
    public static final class Staged {
        private final Path temp;
        private final Path file;

        private Staged(Path temp, Path file) {
            this.temp = temp;
            this.file = file;
        }

        public void commit() throws IOException {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        public void abort() {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // A hidden temporary file; the next stage of the same file replaces it.
            }
        }
    }

    /** Writes {@code bytes} beside {@code file}, forced to disk, for a later {@link Staged#commit}. */
    public static Staged stage(Path file, byte[] bytes) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temp = directory.resolve("." + file.getFileName() + ".staged");
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            return new Staged(temp, file);
        } catch (IOException e) {
            new Staged(temp, file).abort();
            throw e;
        }
    }

    /**
     * The records {@link #replace} wrote under {@code directory} with names ending in {@code suffix}
     * (hidden temporary files left out), in no particular order; none when it does not exist.
     */
    public static List<Path> records(Path directory, String suffix) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)
                            && !file.getFileName().toString().startsWith("."))
                    .toList();
        }
    }
}
