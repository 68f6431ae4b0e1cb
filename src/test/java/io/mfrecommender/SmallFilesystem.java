package io.mfrecommender;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real filesystem of a few hundred kilobytes (tmpfs), to fill up and to turn read-only. Mounting
 * needs root, as CI runs; elsewhere the test that asks for one is skipped, saying so.
 */
public final class SmallFilesystem implements AutoCloseable {

    private final Path mountPoint;

    private SmallFilesystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code kilobytes} at a new directory under {@code parent}, or skips the test. */
    public static SmallFilesystem mount(Path parent, int kilobytes) throws IOException, InterruptedException {
        Path mountPoint = Files.createDirectories(parent.resolve("small-fs"));
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k", "tmpfs", mountPoint.toString());
        assumeTrue(mounted, "skipped: a small filesystem needs root to mount a tmpfs, and mounting failed here");
        return new SmallFilesystem(mountPoint);
    }

    public Path root() {
        return mountPoint;
    }

    /** Fills it up but for {@code leaveBytes}, with a file {@link #free} removes. */
    public void fill(long leaveBytes) throws IOException {
        Path filler = mountPoint.resolve("filler");
        long free = Files.getFileStore(mountPoint).getUsableSpace();
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            for (long written = 0; written + block.length <= free - leaveBytes; written += block.length) {
                out.write(block);
            }
        } catch (IOException full) {
            // Full sooner than the filesystem said: that is what was wanted.
        }
    }

    public void free() throws IOException {
        Files.deleteIfExists(mountPoint.resolve("filler"));
    }

    public void readOnly(boolean readOnly) throws IOException, InterruptedException {
        if (!run("mount", "-o", "remount," + (readOnly ? "ro" : "rw"), mountPoint.toString())) {
            throw new IOException("could not remount " + mountPoint + (readOnly ? " read-only" : " read-write"));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", mountPoint.toString());
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException noSuchCommand) {
            return false;
        }
    }
}
