package io.mfrecommender.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Research datasets that may not be redistributed are read from the workspace's
 * {@code ../shared/data}, never copied into the project; tests skip where they are absent.
 */
public final class SharedData {

    private SharedData() {}

    /** The path of {@code relative} under {@code ../shared/data}, or a skipped test when it is absent. */
    public static Path require(String relative) {
        Path path = Path.of(System.getProperty("shared.data", "../shared/data")).resolve(relative);
        assumeTrue(
                Files.isRegularFile(path),
                () -> "skipped: " + path.toAbsolutePath()
                        + " is absent (MovieLens may not be redistributed, so it is read from the workspace only)");
        return path;
    }
}
