package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service as an operator runs it: started with arguments on a free port, its log in a
 * file, stopped gracefully or killed, and started again on the same files.
 */
final class ServiceProcess implements AutoCloseable {

    private final List<String> arguments;
    private final Path log;
    private final int port;
    private final Map<String, String> environment = new HashMap<>();
    private Process process;
    private int starts;
    private volatile ContractValidator contract;
    /** The test that started this process, to name it in the contract coverage. */
    private final String owner = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(frames -> frames.map(frame -> frame.getDeclaringClass().getSimpleName())
                    .filter(name -> name.endsWith("IT"))
                    .findFirst()
                    .orElse("a test"));

    ServiceProcess(Path log, String... arguments) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        this.log = log;
        this.arguments = new ArrayList<>(List.of(arguments));
        this.arguments.add("--server.port=" + port);
    }

    /** An environment variable of the service's process, from the next start on. */
    ServiceProcess environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * A client whose every exchange is checked against the document the jar serves (#33); what
     * disagrees fails {@link #close}.
     */
    TinyService client() {
        return new TinyService(port, "127.0.0.1", (method, path, json, response) -> {
            if (contract != null) {
                contract.check(method, path, json, response);
            }
        });
    }

    /** Starts the jar and waits until readiness is UP. */
    ServiceProcess start() throws Exception {
        starts++;
        Path thisLog = log.resolveSibling(log.getFileName() + "." + starts);
        ProcessBuilder builder = new ProcessBuilder(PackagedJar.command(arguments.toArray(String[]::new)))
                .redirectErrorStream(true)
                .redirectOutput(thisLog.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            assertThat(process.isAlive()).as(log()).isTrue();
            assertThat(Instant.now()).as("ready in time:\n" + log()).isBefore(deadline);
            try {
                if (client().send("GET", "/actuator/health/readiness", null, Map.of())
                                .statusCode()
                        == 200) {
                    if (contract == null) {
                        contract = new ContractValidator(ContractCheck.document(port));
                    }
                    return this;
                }
            } catch (IOException notListeningYet) {
                // The port opens a few seconds after the process starts.
            }
            Thread.sleep(200);
        }
    }

    /** What the current run has logged. */
    String log() throws IOException {
        Path thisLog = log.resolveSibling(log.getFileName() + "." + starts);
        return Files.exists(thisLog) ? Files.readString(thisLog, StandardCharsets.UTF_8) : "";
    }

    /** {@code kill -9}: no shutdown hook, nothing flushed that was not already. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
    }

    /** Kills and starts again on the same files. */
    ServiceProcess restart() throws Exception {
        kill();
        return start();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process != null) {
            kill();
        }
        if (contract != null) {
            ContractCheck.report(owner + " (the jar)", contract);
        }
    }
}
