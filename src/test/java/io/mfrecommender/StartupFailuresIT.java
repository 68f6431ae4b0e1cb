package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.TinyModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service started in states it cannot serve from: each run must end by itself with
 * exit status 1 and say why in one log line, instead of staying up unready or exiting 0.
 */
class StartupFailuresIT {

    @TempDir
    Path dir;

    private record Run(int status, String log) {}

    private Run start(String... arguments) throws IOException, InterruptedException {
        return start(true, arguments);
    }

    private Run start(boolean vectorModule, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(PackagedJar.command(
                vectorModule,
                "--server.port=0",
                "--recommender.models.directory=" + dir.resolve("models"),
                "--recommender.data.directory=" + dir.resolve("data")));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(dir, "run", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 2 minutes:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void assertRefused(Run run, String reason) {
        assertThat(run.status()).as(run.log()).isEqualTo(1);
        List<String> lines = run.log()
                .lines()
                .filter(line -> line.contains("No model could be made active, exiting"))
                .toList();
        assertThat(lines).as(run.log()).hasSize(1);
        assertThat(lines.get(0)).contains(reason);
    }

    @Test
    void loadModeWithoutASavedModelExitsOneEveryTime() throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            assertRefused(start("--recommender.models.startup-mode=load"), "has no active model");
        }
    }

    @Test
    void loadModeWithADamagedActiveModelExitsOneNamingTheFile() throws Exception {
        ModelStore store = new ModelStore(dir.resolve("models"));
        String version = store.save(TinyModel.create()).version();
        store.activate(version);
        Path factors = dir.resolve("models").resolve(version).resolve("user-bias.npy");
        byte[] bytes = Files.readAllBytes(factors);
        // The last float32 of the file becomes NaN (0x7fc00000, little-endian).
        bytes[bytes.length - 4] = 0;
        bytes[bytes.length - 3] = 0;
        bytes[bytes.length - 2] = (byte) 0xc0;
        bytes[bytes.length - 1] = 0x7f;
        Files.write(factors, bytes);
        assertRefused(start("--recommender.models.startup-mode=load"), "user-bias.npy");
    }

    @Test
    void dataThatCannotBeLoadedExitsOneInTrainAndLoadOrTrainModes() throws Exception {
        assertRefused(
                start(
                        "--recommender.models.startup-mode=train",
                        "--recommender.data.source=file",
                        "--recommender.data.ratings=" + dir.resolve("absent.dat")),
                "file not found");
        Path huge = dir.resolve("huge.dat");
        Files.writeString(huge, "1::10::4::1\n" + "9".repeat(2 << 20) + "\n");
        assertRefused(
                start("--recommender.data.source=file", "--recommender.data.ratings=" + huge),
                "longer than 1048576 bytes");
    }

    /** A saved version trained on other ratings (here another rating scale) is not served in load mode. */
    @Test
    void loadModeWithAVersionTrainedOnOtherRatingsExitsOneSayingSo() throws Exception {
        ModelStore store = new ModelStore(dir.resolve("models"));
        store.activate(store.save(TinyModel.create()).version());
        assertRefused(start("--recommender.models.startup-mode=load"), "its rating scale");
    }

    /** A journal path that names a directory stops the service with one line naming the setting, not a stack trace. */
    @Test
    void aJournalPathThatIsADirectoryExitsOneNamingTheSetting() throws Exception {
        Path journal = Files.createDirectories(dir.resolve("journal-is-a-directory"));
        Run run = start("--recommender.ratings.journal=" + journal);
        assertRefused(run, "recommender.ratings.journal");
        assertThat(run.log()).contains("is a directory").doesNotContain("\tat ");
    }

    /**
     * A models directory that records another ratings store stops the service saying which and how
     * to switch; {@code auto} follows the record instead (here the journal, recorded by the first run).
     */
    @Test
    void aStoreOtherThanTheModelsDirectoryRecordsStopsTheService() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models").resolve("ratings-store"), "postgres\n");
        Run run = start("--recommender.ratings.store=journal");
        assertThat(run.status()).as(run.log()).isNotZero();
        assertThat(run.log())
                .contains("records that its posted ratings are kept in the postgres store")
                .contains("this instance is set to journal")
                .contains("delete the file ratings-store")
                .doesNotContain(dir.toString())
                .doesNotContain("\tat ");
    }

    /** A key that cannot be used stops the service saying what is wrong with it, and the key is printed nowhere. */
    @Test
    void anUnusableApiKeyStopsTheServiceWithoutPrintingIt() throws Exception {
        for (String key : new String[] {"Sh0rt-Secret-X", "has whitespace 0123456789"}) {
            Run run = start("--recommender.security.api-key=" + key);
            assertThat(run.status()).as(run.log()).isNotZero();
            assertThat(run.log())
                    .contains("recommender.security.api-key (RECOMMENDER_SECURITY_API_KEY) is not usable")
                    .contains(key.contains(" ") ? "whitespace inside" : "14 characters")
                    .doesNotContain(key)
                    .doesNotContain("\tat ");
        }
    }

    /** A key read from a secret file ends with a newline: dropped, said so, and the key works. */
    @Test
    void aKeyWithATrailingNewlineWorksAndTheLogSaysItWasDropped() throws Exception {
        String key = "from-a-secret-file-0123";
        try (ServiceProcess service = new ServiceProcess(
                        dir.resolve("service.log"),
                        "--recommender.models.directory=" + dir.resolve("models"),
                        "--recommender.data.directory=" + dir.resolve("data"),
                        "--recommender.training.factors=8",
                        "--recommender.training.ranker.enabled=false")
                .environment("RECOMMENDER_SECURITY_API_KEY", key + "\n")
                .start()) {
            assertThat(service.log()).contains("ended with a newline").doesNotContain(key);
            assertThat(service.client()
                            .send(
                                    "POST",
                                    "/users/1/ratings",
                                    "{\"movie\":1074638,\"rating\":8}",
                                    Map.of("X-API-Key", key))
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    /** Without --add-modules the service runs 2-3x slower: one line at startup says which flag is missing. */
    @Test
    void aJvmWithoutTheVectorModuleIsToldWhichFlagToAdd() throws Exception {
        Run run = start(false, "--recommender.models.startup-mode=load");
        assertThat(run.log().lines().filter(line -> line.contains("Vector API is off")))
                .as(run.log())
                .singleElement()
                .asString()
                .contains("Start the JVM with --add-modules jdk.incubator.vector");
        assertThat(start("--recommender.models.startup-mode=load").log()).doesNotContain("Vector API is off");
    }
}
