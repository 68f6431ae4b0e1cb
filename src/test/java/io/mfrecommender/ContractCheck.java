package io.mfrecommender;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * After each test class that ran against a service in process, checks every exchange
 * {@link ContractRecording} saw against the document that service serves, and fails the class on
 * any violation (#33). Registered for every Spring test by {@code META-INF/spring.factories} in the
 * test resources; it runs before the context can be closed. What each class covered is appended to
 * {@code target/contract-coverage.txt}.
 */
public class ContractCheck implements TestExecutionListener, Ordered {

    static final Path COVERAGE = Path.of("target", "contract-coverage.txt");

    @Override
    public int getOrder() {
        // After-class callbacks run in reverse order: this one before the context is dirtied.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void afterTestClass(TestContext testContext) throws Exception {
        if (!testContext.hasApplicationContext()) {
            return;
        }
        ApplicationContext context = testContext.getApplicationContext();
        if (context.getBeanNamesForType(ContractRecording.class).length == 0) {
            return;
        }
        List<ContractRecording.Exchange> exchanges =
                context.getBean(ContractRecording.class).drain();
        if (exchanges.isEmpty()) {
            return;
        }
        String port = context.getEnvironment().getProperty("local.server.port");
        if (port == null) {
            throw new AssertionError("the contract check needs the service on a port to read its document");
        }
        ContractValidator contract = new ContractValidator(document(Integer.parseInt(port)));
        exchanges.forEach(exchange -> exchange.checkWith(contract));
        report(testContext.getTestClass().getSimpleName(), contract);
    }

    /** Appends what {@code name} covered to {@link #COVERAGE}; fails on any violation. */
    static void report(String name, ContractValidator contract) throws IOException {
        Files.createDirectories(COVERAGE.getParent());
        Files.writeString(
                COVERAGE,
                name + ": " + contract.exchanges() + " exchanges, "
                        + contract.covered().size() + " of "
                        + contract.operations().size() + " operations " + contract.covered() + ", "
                        + contract.violations().size() + " violations\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (!contract.violations().isEmpty()) {
            throw new AssertionError(name + ": " + contract.violations().size()
                    + " exchanges disagree with the served document:\n  "
                    + String.join("\n  ", contract.violations()));
        }
    }

    static String document(int port) throws IOException, InterruptedException {
        return document("127.0.0.1", port);
    }

    /** The document the service at {@code host:port} serves. */
    static String document(String host, int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/v3/api-docs"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("the served document: " + response.statusCode());
        }
        return response.body();
    }
}
