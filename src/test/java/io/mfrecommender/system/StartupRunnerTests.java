package io.mfrecommender.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.data.DataLoadException;
import io.mfrecommender.versions.ServedVersion;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Whatever the startup thread throws, the process says why in one line and exits 1. */
@ExtendWith(OutputCaptureExtension.class)
class StartupRunnerTests {

    private final ServedVersion registry = new ServedVersion();
    private final AtomicInteger exit = new AtomicInteger(-1);

    @Test
    void anErrorNotAnExceptionStillExitsWithStatusOne(CapturedOutput output) {
        new StartupRunner(
                        () -> {
                            throw new OutOfMemoryError("Java heap space");
                        },
                        registry,
                        exit::set)
                .run();
        assertThat(exit).hasValue(1);
        assertThat(output)
                .contains("No model could be made active, exiting: java.lang.OutOfMemoryError: Java heap space");
        assertThat(registry.status()).isEqualTo("failed to start; the service log says why");
    }

    @Test
    void aDataProblemIsOneLineWithoutAStackTraceAndTheStatusNamesNoPath(CapturedOutput output) {
        new StartupRunner(
                        () -> {
                            throw new DataLoadException("/srv/data/ratings.dat: file not found");
                        },
                        registry,
                        exit::set)
                .run();
        assertThat(exit).hasValue(1);
        assertThat(output)
                .contains("No model could be made active, exiting: /srv/data/ratings.dat: file not found")
                .doesNotContain("\tat io.mfrecommender");
        assertThat(registry.status()).doesNotContain("/srv");
    }

    @Test
    void aSuccessfulStartupDoesNotExit() {
        new StartupRunner(() -> {}, registry, exit::set).run();
        assertThat(exit).hasValue(-1);
    }
}
