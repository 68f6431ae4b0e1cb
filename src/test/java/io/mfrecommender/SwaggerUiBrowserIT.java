package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Swagger UI in a real browser (Debian's headless Chromium, which {@code .ci/run} installs), used as
 * a person would: every operation of the OpenAPI document is on the page; "Try it out" on
 * recommendations answers 200 with movies; and with the key entered in the Authorize dialog, "Try
 * it out" on a training job is accepted. Screenshots go to {@code target/}. Skipped, saying so,
 * where Chromium is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SwaggerUiBrowserIT {

    private static final String KEY = "browser-test-key-0123456";
    private static final Path DIR = TinyService.directory("mf-recommender-browser");

    /** Page helpers: find an operation's block, click, read the live response. */
    private static final String HELPERS = """
            window.t = {
              block(method, path) {
                return [...document.querySelectorAll('.opblock')].find(b =>
                  b.querySelector('.opblock-summary-method')?.textContent.trim().toLowerCase() === method
                  && b.querySelector('.opblock-summary-path')?.getAttribute('data-path') === path);
              },
              click(element) { element.scrollIntoView(); element.click(); return true; },
              status(block) {
                return block.querySelector('.live-responses-table tbody .response-col_status')?.textContent.trim() ?? '';
              },
              body(block) {
                return block.querySelector('.live-responses-table .response-col_description pre')?.textContent ?? '';
              },
            };
            true
            """;

    private static final TokenIssuer ISSUER = new TokenIssuer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.properties(registry, DIR, KEY);
        ISSUER.properties(registry);
    }

    @LocalServerPort
    int port;

    /** Types {@code secret} into the Authorize dialog's scheme {@code index} (0 the key, 1 the bearer token). */
    private static void authorize(Chromium browser, int index, String secret) throws Exception {
        String scheme = "document.querySelectorAll('.modal-ux .auth-container')[" + index + "]";
        browser.evaluate("t.click(document.querySelector('.auth-wrapper .authorize'))");
        browser.await("the Authorize dialog", scheme + "?.querySelector('input')", Duration.ofSeconds(10));
        browser.type(scheme + ".querySelector('input')", secret);
        Thread.sleep(500);
        browser.evaluate("t.click(" + scheme + ".querySelector('.modal-btn.auth.authorize'))");
        browser.await(
                "the credential accepted",
                scheme + ".querySelector('.modal-btn.auth:not(.authorize)')",
                Duration.ofSeconds(10));
        browser.evaluate("t.click(document.querySelector('.modal-ux .btn-done'))");
    }

    private static void logout(Chromium browser, int index) throws Exception {
        String scheme = "document.querySelectorAll('.modal-ux .auth-container')[" + index + "]";
        browser.evaluate("t.click(document.querySelector('.auth-wrapper .authorize'))");
        browser.await("the Authorize dialog", scheme + "?.querySelector('.modal-btn.auth')", Duration.ofSeconds(10));
        browser.evaluate("t.click(" + scheme + ".querySelector('.modal-btn.auth'))");
        browser.await("logged out", scheme + ".querySelector('input')", Duration.ofSeconds(10));
        browser.evaluate("t.click(document.querySelector('.modal-ux .btn-done'))");
    }

    /** Executes the block's request and checks it was accepted (202). */
    private static void submit(Chromium browser, String block, Path screenshot) throws Exception {
        String before = browser.evaluate("t.body(" + block + ")").asString();
        browser.evaluate("window.__before = " + JsonMapper.builder().build().writeValueAsString(before) + "; true");
        browser.evaluate("t.click(" + block + ".querySelector('.execute'))");
        browser.await(
                "the training job's response",
                "t.status(" + block + ") !== '' && t.body(" + block + ") !== window.__before",
                Duration.ofSeconds(20));
        String status = browser.evaluate("t.status(" + block + ")").asString();
        String body = browser.evaluate("t.body(" + block + ")").asString();
        browser.screenshot(screenshot);
        assertThat(status).as(body).isEqualTo("202");
        assertThat(body).contains("\"status\"").contains("\"id\"");
    }

    @Test
    void everyOperationRendersAndTryItOutWorksWithAndWithoutTheKey() throws Exception {
        Path binary = Chromium.find().orElse(null);
        Assumptions.assumeTrue(
                binary != null,
                "Chromium is not installed (apt-get install chromium, as .ci/run "
                        + "does, or set CHROMIUM to a Chromium binary): the Swagger UI browser test is skipped");
        TinyService service = new TinyService(port);
        service.awaitReadiness();
        JsonNode spec = JsonMapper.builder()
                .build()
                .readTree(service.send("GET", "/v3/api-docs", null, Map.of()).body());
        List<String> operations = new ArrayList<>();
        spec.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method -> operations.add(method.getKey() + " " + path.getKey())));
        assertThat(operations).hasSizeGreaterThanOrEqualTo(16);

        try (Chromium browser = Chromium.start(binary, ScratchDirectory.create("mf-recommender-chromium"))) {
            browser.navigate("http://127.0.0.1:" + port + "/swagger-ui.html");
            browser.await(
                    "the operations",
                    "document.querySelectorAll('.opblock').length >= " + operations.size(),
                    Duration.ofSeconds(30));
            browser.evaluate(HELPERS);
            for (String operation : operations) {
                String[] parts = operation.split(" ");
                assertThat(browser.evaluate("t.block('" + parts[0] + "', '" + parts[1] + "') != null")
                                .asBoolean())
                        .as(operation + " is on the page")
                        .isTrue();
            }
            assertThat(browser.evaluate("document.querySelectorAll('.opblock').length")
                            .asInt())
                    .isEqualTo(operations.size());
            browser.screenshot(Path.of("target", "swagger-ui.png"));

            // Anyone: recommendations for user 1.
            String recommend = "t.block('get', '/users/{id}/recommendations')";
            browser.evaluate("t.click(" + recommend + ".querySelector('.opblock-summary-control'))");
            browser.await("Try it out", recommend + ".querySelector('.try-out__btn')", Duration.ofSeconds(10));
            browser.evaluate("t.click(" + recommend + ".querySelector('.try-out__btn'))");
            browser.await(
                    "the id field",
                    recommend + ".querySelector('tr[data-param-name=\"id\"] input')",
                    Duration.ofSeconds(10));
            // Swagger UI fills in the example (42) when "Try it out" opens, and takes typed values after a
            // debounce of a few hundred milliseconds.
            String id = recommend + ".querySelector('tr[data-param-name=\"id\"] input')";
            browser.await("the example filled in", id + ".value === '42'", Duration.ofSeconds(10));
            browser.type(id, "7");
            browser.await("user 7 typed in", id + ".value === '7'", Duration.ofSeconds(10));
            Thread.sleep(1000);
            browser.evaluate("t.click(" + recommend + ".querySelector('.execute'))");
            browser.await(
                    "the recommendations' response", "t.status(" + recommend + ") !== ''", Duration.ofSeconds(20));
            assertThat(browser.evaluate("t.status(" + recommend + ")").asString())
                    .isEqualTo("200");
            assertThat(browser.evaluate("t.body(" + recommend + ")").asString())
                    .contains("\"user\": 7,")
                    .contains("\"movieId\"")
                    .contains("\"modelVersion\"");

            // The operator: a bearer token in the Authorize dialog, then a training job; then the key instead.
            String train = "t.block('post', '/training-jobs')";
            authorize(browser, 1, ISSUER.token("ops", "admin"));
            browser.evaluate("t.click(" + train + ".querySelector('.opblock-summary-control'))");
            browser.await("Try it out", train + ".querySelector('.try-out__btn')", Duration.ofSeconds(10));
            browser.evaluate("t.click(" + train + ".querySelector('.try-out__btn'))");
            browser.await(
                    "the body field", train + ".querySelector('textarea.body-param__text')", Duration.ofSeconds(10));
            browser.type(
                    train + ".querySelector('textarea.body-param__text')",
                    "{\"activation\":\"never\",\"ranker\":false}");
            Thread.sleep(1000);
            submit(browser, train, Path.of("target", "swagger-ui-training-job-token.png"));
            logout(browser, 1);
            authorize(browser, 0, KEY);
            submit(browser, train, Path.of("target", "swagger-ui-training-job.png"));
        }
        // The audit trail names who submitted each: the token's client, then the key.
        List<String> submitters = new ArrayList<>();
        JsonMapper.builder()
                .build()
                .readTree(service.send("GET", "/audit", null, Map.of("X-API-Key", KEY))
                        .body())
                .path("entries")
                .forEach(entry -> {
                    if (entry.path("action").asString().equals("POST /training-jobs")) {
                        submitters.add(entry.path("credential").asString());
                    }
                });
        assertThat(submitters).containsExactly("token:client-ops", "key:api-key");
        assertThat(Path.of("target", "swagger-ui.png")).isNotEmptyFile();
    }

    /** With reads open (this class's service), the console reads without a credential and asks for none. */
    @Test
    void theConsoleReadsWithoutACredentialWhileReadsAreOpen() throws Exception {
        Path binary = Chromium.find().orElse(null);
        Assumptions.assumeTrue(
                binary != null, "Chromium is not installed: the console's open-reads browser test is skipped");
        new TinyService(port).awaitReadiness();
        try (Chromium browser = Chromium.start(binary, ScratchDirectory.create("mf-recommender-chromium"))) {
            browser.recordProblems();
            browser.navigate("http://127.0.0.1:" + port + "/console");
            browser.await(
                    "the overview",
                    "document.querySelector('#page[data-page=\"overview\"][data-ready=\"true\"] #chart-rmse canvas')",
                    Duration.ofSeconds(30));
            assertThat(browser.evaluate("Boolean(document.querySelector('#needs-credential'))")
                            .asBoolean())
                    .isFalse();
            browser.evaluate("location.hash = '#/user/7'; true");
            browser.await("a user's list", "document.querySelector('#recommendations .card')", Duration.ofSeconds(30));
            assertThat(browser.problems()).as("what the browser reported").isEmpty();
        }
    }
}
