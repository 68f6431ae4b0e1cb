package io.mfrecommender.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Small records on disk that a crash never leaves half written. */
public final class DurableFiles {

    private DurableFiles() {}

    /**
     * Replaces {@code file} with {@code bytes}: written to a hidden temporary file beside it, forced
     * to disk and renamed over it, so a crash leaves the old whole file or the new one.
     */
    public static void replace(Path file, byte[] bytes) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temp = directory.resolve("." + file.getFileName() + ".tmp");
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
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /**
     * The records {@link #replace} wrote under {@code directory} with names ending in {@code suffix}
     * (hidden temporary files left out), in no particular order; none when it does not exist.
     */
    public static java.util.List<Path> records(Path directory, String suffix) throws IOException {
        if (!Files.isDirectory(directory)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)
                            && !file.getFileName().toString().startsWith("."))
                    .toList();
        }
    }
}
