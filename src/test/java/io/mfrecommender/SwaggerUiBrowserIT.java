package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.properties(registry, DIR, KEY);
    }

    @LocalServerPort
    int port;

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

        try (Chromium browser = Chromium.start(binary, Files.createTempDirectory("mf-recommender-chromium"))) {
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

            // The operator: the key in the Authorize dialog, then a training job.
            browser.evaluate("t.click(document.querySelector('.auth-wrapper .authorize'))");
            browser.await("the Authorize dialog", "document.querySelector('.modal-ux input')", Duration.ofSeconds(10));
            browser.type("document.querySelector('.modal-ux input')", KEY);
            Thread.sleep(500);
            browser.evaluate("t.click(document.querySelector('.modal-ux .modal-btn.auth.authorize'))");
            browser.await("the key accepted", "document.querySelector('.modal-ux .btn-done')", Duration.ofSeconds(10));
            browser.evaluate("t.click(document.querySelector('.modal-ux .btn-done'))");
            String train = "t.block('post', '/training-jobs')";
            browser.evaluate("t.click(" + train + ".querySelector('.opblock-summary-control'))");
            browser.await("Try it out", train + ".querySelector('.try-out__btn')", Duration.ofSeconds(10));
            browser.evaluate("t.click(" + train + ".querySelector('.try-out__btn'))");
            browser.await(
                    "the body field", train + ".querySelector('textarea.body-param__text')", Duration.ofSeconds(10));
            browser.type(
                    train + ".querySelector('textarea.body-param__text')",
                    "{\"activation\":\"never\",\"ranker\":false}");
            Thread.sleep(1000);
            browser.evaluate("t.click(" + train + ".querySelector('.execute'))");
            browser.await("the training job's response", "t.status(" + train + ") !== ''", Duration.ofSeconds(20));
            String status = browser.evaluate("t.status(" + train + ")").asString();
            String body = browser.evaluate("t.body(" + train + ")").asString();
            browser.screenshot(Path.of("target", "swagger-ui-training-job.png"));
            assertThat(status).as(body).isEqualTo("202");
            assertThat(body).contains("\"status\"").contains("\"id\"");
        }
        assertThat(Path.of("target", "swagger-ui.png")).isNotEmptyFile();
    }
}
