package io.mfrecommender;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that starts the packaged service ({@code target/mf-recommender.jar}) as an operator would. */
final class PackagedJar {

    private PackagedJar() {}

    /** With the Vector API module and exit on out-of-memory, as the README, the image and {@code spring-boot:run} start it. */
    static List<String> command(String... arguments) {
        return command(true, arguments);
    }

    static List<String> command(boolean vectorModule, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vectorModule) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of(
                "-Xmx1g",
                "-XX:+ExitOnOutOfMemoryError",
                "-jar",
                Path.of("target", "mf-recommender.jar").toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        return command;
    }
}
