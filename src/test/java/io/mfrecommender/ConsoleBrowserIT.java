package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.training.StrictJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The console ({@code /console/}) in a real browser (Debian's headless Chromium) against the
 * service on the embedded data, with reads closed, used as a person would: the page asks for a
 * credential; with the key, the overview charts the versions; a training job submitted from the
 * jobs page runs to its end with its curves drawn; an experiment is started and ended from the
 * experiments page; a user is looked up, an explanation and similar movies opened; and the same on
 * a phone-width screen. No request fails and nothing is logged to the browser's console (CSP
 * violations included). Screenshots go to {@code target/console-*.png}. Skipped, saying so, where
 * Chromium is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleBrowserIT {

    private static final String KEY = "console-browser-test-key-0123";
    private static final Path DIR = ScratchDirectory.create("mf-recommender-console");
    private static final TokenIssuer ISSUER = new TokenIssuer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.embedded(registry, DIR, KEY);
        registry.add("recommender.security.open-reads", () -> "false");
        ISSUER.properties(registry);
    }

    @LocalServerPort
    int port;

    private static void ready(Chromium browser, String page) throws Exception {
        browser.await(
                "the " + page + " page",
                "document.querySelector('#page[data-page=\"" + page + "\"][data-ready]')",
                Duration.ofSeconds(30));
        assertThat(browser.evaluate("document.querySelector('#page').dataset.ready")
                        .asString())
                .as(page + ": "
                        + browser.evaluate("document.querySelector('#page').textContent")
                                .asString())
                .isEqualTo("true");
    }

    private static void go(Chromium browser, String hash, String page) throws Exception {
        browser.evaluate("location.hash = '" + hash + "'; true");
        ready(browser, page);
    }

    @Test
    void everyPageWorksInTheBrowserWithReadsClosed() throws Exception {
        Path binary = Chromium.find().orElse(null);
        Assumptions.assumeTrue(
                binary != null,
                "Chromium is not installed (apt-get install chromium, as .ci/run "
                        + "does, or set CHROMIUM to a Chromium binary): the console browser test is skipped");
        new TinyService(port).awaitReadiness();
        String base = "http://127.0.0.1:" + port;
        try (Chromium browser = Chromium.start(binary, ScratchDirectory.create("mf-recommender-chromium"))) {
            browser.recordProblems();
            browser.navigate(base + "/console/");
            ready(browser, "overview");
            assertThat(browser.evaluate("Boolean(document.querySelector('#needs-credential'))")
                            .asBoolean())
                    .as("with reads closed the console asks for a credential first")
                    .isTrue();
            browser.screenshot(Path.of("target", "console-locked.png"));

            browser.type("document.querySelector('#credential-value')", KEY);
            browser.evaluate("document.querySelector('#credential').requestSubmit(); true");
            ready(browser, "overview");
            browser.await(
                    "the versions charted", "document.querySelector('#chart-rmse canvas')", Duration.ofSeconds(10));
            assertThat(browser.evaluate("document.querySelector('#chart-rmse').dataset.points")
                            .asString())
                    .isEqualTo("1");
            assertThat(browser.evaluate(
                                    "document.querySelector('#chart-coverage canvas') !== null"
                                            + " && document.querySelector('#page table td:nth-child(6)').textContent.endsWith('%')")
                            .asBoolean())
                    .as("the served version's catalogue coverage, charted and in the table")
                    .isTrue();
            assertThat(browser.evaluate("document.querySelector('#credential-value').value")
                            .asString())
                    .as("the key is not left in the field")
                    .isEmpty();
            assertThat(browser.evaluate("document.body.innerText").asString()).doesNotContain(KEY);
            // Page weight (what was transferred, by resource) and time to the first chart (docs/performance.md).
            JsonNode timing = browser.evaluate("(() => {"
                    + "const resources = performance.getEntriesByType('resource');"
                    + "const nav = performance.getEntriesByType('navigation')[0];"
                    + "return {transferred: nav.transferSize + resources.reduce((s, r) => s + r.transferSize, 0),"
                    + " resources: [nav].concat(resources).map(r => new URL(r.name).pathname + ' ' + r.transferSize),"
                    + " timeToFirstChartMs: performance.getEntriesByName('time-to-first-chart')[0].duration};"
                    + "})()");
            System.out.println("ConsoleBrowserIT: page weight and time to the first chart " + timing);
            assertThat(timing.get("timeToFirstChartMs").asDouble()).isPositive();
            browser.screenshot(Path.of("target", "console-overview.png"));

            // A training job submitted from the page, watched to its end, its curves drawn.
            go(browser, "#/jobs", "jobs");
            browser.evaluate("(() => { const f = document.querySelector('#new-job');"
                    + "f.factors.value = 8; f.epochs.value = 3; f.activation.value = 'never';"
                    + "f.requestSubmit(); return true; })()");
            browser.await(
                    "the job's progress bar while it runs",
                    "document.querySelector('#job-list tr[data-status=\"RUNNING\"] progress')",
                    Duration.ofMinutes(1));
            browser.await(
                    "the job at its end",
                    "document.querySelector('#job-list tr[data-status=\"SUCCEEDED\"]')",
                    Duration.ofMinutes(3));
            browser.await(
                    "its curves drawn",
                    "[...document.querySelectorAll('.job-chart')].some(c => c.querySelector('canvas')"
                            + " && Number(c.dataset.points) >= 3)",
                    Duration.ofSeconds(15));
            browser.screenshot(Path.of("target", "console-jobs.png"));

            // An experiment between the served version and the new one, started and ended from the page.
            go(browser, "#/experiments", "experiments");
            browser.evaluate("(() => { const f = document.querySelector('#new-experiment');"
                    + "f.a.selectedIndex = 0; f.b.selectedIndex = 1; f.name.value = 'console-it';"
                    + "f.requestSubmit(); return true; })()");
            browser.await(
                    "the experiment running",
                    "document.querySelector('section.experiment[data-name=\"console-it\"][data-status=\"running\"] .rates')",
                    Duration.ofSeconds(20));
            // Lists served and rated during it: each variant's hit rate drawn with its interval.
            TinyService api = new TinyService(port);
            Map<String, String> keyed = Map.of("X-API-Key", KEY);
            for (long user = 1; user <= 40; user++) {
                HttpResponse<String> list = api.send("GET", "/users/" + user + "/recommendations?limit=5", null, keyed);
                JsonNode items = StrictJson.MAPPER.readTree(list.body()).path("items");
                if (list.statusCode() == 200 && items.size() > 0 && user % 2 == 0) {
                    api.send(
                            "POST",
                            "/users/" + user + "/ratings",
                            "{\"movie\":" + items.get(0).get("movieId").asLong() + ",\"rating\":10}",
                            keyed);
                }
            }
            go(browser, "#/overview", "overview");
            go(browser, "#/experiments", "experiments");
            browser.await(
                    "hit rates with their intervals",
                    "document.querySelectorAll('section.experiment[data-name=\"console-it\"] .rate-interval').length == 2",
                    Duration.ofSeconds(10));
            browser.screenshot(Path.of("target", "console-experiments.png"));
            browser.evaluate("document.querySelector('section.experiment[data-name=\"console-it\"]"
                    + " button[data-promote=\"A\"]').click(); true");
            browser.await(
                    "the experiment ended",
                    "document.querySelector('section.experiment[data-name=\"console-it\"][data-status=\"ended\"]')",
                    Duration.ofSeconds(20));

            // A user: their list with a rule, an explanation, similar movies.
            go(browser, "#/user/1", "user");
            browser.await(
                    "the user's list", "document.querySelector('#recommendations .card')", Duration.ofSeconds(10));
            browser.evaluate("document.querySelector('#recommendations .card .why').click(); true");
            browser.await("an explanation", "document.querySelector('.explanation')", Duration.ofSeconds(10));
            browser.evaluate("document.querySelector('#recommendations .card .similar-button').click(); true");
            browser.await("similar movies", "document.querySelector('ul.similar')", Duration.ofSeconds(10));
            browser.screenshot(Path.of("target", "console-user.png"));
            browser.evaluate("(() => { const f = document.querySelector('#user-form'); f.genre.value = 'Comedy';"
                    + " document.querySelector('#recommendations').remove(); f.requestSubmit(); return true; })()");
            browser.await(
                    "the list with a rule", "document.querySelector('#recommendations .card')", Duration.ofSeconds(10));
            assertThat(browser.evaluate("[...document.querySelectorAll('#recommendations .card .meta')]"
                                    + ".every(m => m.textContent.includes('Comedy'))")
                            .asBoolean())
                    .as("every card of the Comedy list is a comedy")
                    .isTrue();
            assertThat(browser.evaluate("document.querySelectorAll('#ratings tbody tr').length")
                            .asInt())
                    .isPositive();

            // A phone's width: one column, nothing wider than the screen.
            browser.viewport(390, 844, true);
            go(browser, "#/overview", "overview");
            browser.await("the chart", "document.querySelector('#chart-ndcg canvas')", Duration.ofSeconds(10));
            assertThat(browser.evaluate("document.documentElement.scrollWidth").asInt())
                    .as("no sideways scrolling on a phone")
                    .isLessThanOrEqualTo(390);
            browser.screenshot(Path.of("target", "console-phone.png"));

            // A bearer token instead of the key: the same pages.
            browser.evaluate("document.querySelector('#credential-forget').click(); true");
            ready(browser, "overview");
            browser.evaluate("document.querySelector('#credential-kind').value = 'token'; true");
            browser.type("document.querySelector('#credential-value')", ISSUER.token("ops", "admin"));
            browser.evaluate("document.querySelector('#credential').requestSubmit(); true");
            ready(browser, "overview");
            browser.await("the chart", "document.querySelector('#chart-rmse canvas')", Duration.ofSeconds(10));
            assertThat(browser.evaluate("document.querySelector('#credential-state').textContent")
                            .asString())
                    .isEqualTo("a bearer token held in this tab");

            assertThat(browser.problems()).as("what the browser reported").isEmpty();
            // The check above can fail: a script the policy refuses is reported.
            browser.evaluate("(() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
                    + " document.body.append(s); return true; })()");
            Thread.sleep(500);
            assertThat(browser.problems())
                    .as("an inline script is refused by the Content-Security-Policy, and that is seen")
                    .anySatisfy(problem -> assertThat(problem).contains("Content Security Policy"));
        }
    }
}
