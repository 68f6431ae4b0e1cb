package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started as the README starts it, ends by itself when it must: out of heap it
 * exits with a non-zero status within seconds instead of hanging, and a command-line mistake prints
 * the usage and exits 2 without starting the service or touching a file.
 */
class ProcessExitIT {

    @TempDir
    Path dir;

    private record Run(int status, String log, Duration took) {}

    private Run run(List<String> jvmOptions, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(PackagedJar.command(arguments));
        command.addAll(1, jvmOptions);
        Path log = Files.createTempFile(dir, "run", ".log");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 2 minutes:\n" + Files.readString(log));
        }
        return new Run(
                process.exitValue(),
                Files.readString(log, StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void outOfHeapTheServiceExitsNonZeroInsteadOfHanging() throws Exception {
        Run run = run(
                List.of("-D" + DebugHeapExhaustion.PROPERTY + "=true"),
                "--server.port=0",
                "--recommender.models.directory=" + dir.resolve("models"),
                "--recommender.data.directory=" + dir.resolve("data"));
        assertThat(run.status()).as(run.log()).isNotZero();
        assertThat(run.log()).contains("java.lang.OutOfMemoryError");
        // The heap fills in well under a second once the context is up; the start takes the rest.
        assertThat(run.took()).as(run.log()).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void aMistypedCommandPrintsTheUsageAndStartsNothing() throws Exception {
        Run typo = run(List.of(), "frobnicate");
        assertThat(typo.status()).as(typo.log()).isEqualTo(2);
        assertThat(typo.log()).contains("unknown command 'frobnicate'").contains("usage:");
        assertThat(typo.log()).doesNotContain("Tomcat").doesNotContain("Startup phase");
        assertThat(dir.resolve("models")).doesNotExist();

        Run help = run(List.of(), "--help");
        assertThat(help.status()).as(help.log()).isZero();
        assertThat(help.log()).contains("usage:").doesNotContain("Tomcat");
        assertThat(dir.resolve("models")).doesNotExist();
    }
}
