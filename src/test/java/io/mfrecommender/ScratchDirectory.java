package io.mfrecommender;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A temporary directory that is deleted, with everything in it, when the test JVM exits. The
 * directories the tests hand to a service live as long as its cached Spring context, which closes
 * only at exit, so they cannot go earlier; left behind, one {@code verify} leaves gigabytes in
 * {@code /tmp} (an export of the embedded model alone is 1.6 GB).
 */
public final class ScratchDirectory {

    private static final List<Path> CREATED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ScratchDirectory::deleteAll, "scratch-directories"));
    }

    private ScratchDirectory() {}

    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            synchronized (CREATED) {
                CREATED.add(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteAll() {
        synchronized (CREATED) {
            CREATED.forEach(ScratchDirectory::delete);
        }
    }

    /** Best effort: a service still closing may be writing into it. */
    private static void delete(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // the next run's /tmp cleaner's job then
        }
    }
}
