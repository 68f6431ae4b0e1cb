package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Started without an API key: it serves reads, refuses every change with 403, and the log says how to set one. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class NoApiKeyIT {

    private static final Path DIR = TinyService.directory("mf-recommender-no-key");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.properties(registry, DIR);
    }

    @LocalServerPort
    int port;

    private TinyService service;

    @BeforeEach
    void awaitReadiness() throws Exception {
        service = new TinyService(port);
        service.awaitReadiness();
    }

    @Test
    void everyChangeIsRefusedWhateverKeyIsSentAndReadsAreServed(CapturedOutput output) throws Exception {
        for (SecurityIT.Change change : SecurityIT.changes("any-version", "20260101-000000-1")) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("X-API-Key", SecurityIT.KEY))) {
                HttpResponse<String> response = service.send(change.method(), change.path(), change.body(), headers);
                assertThat(response.statusCode()).as(change.toString()).isEqualTo(403);
                assertThat(response.body())
                        .contains("\"type\":\"/problems/changes-disabled\"")
                        .contains("no API key configured");
            }
        }
        assertThat(service.send("GET", "/users/900/ratings", null, Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(service.send("GET", "/users/1/recommendations", null, Map.of())
                        .statusCode())
                .isEqualTo(200);
        assertThat(output)
                .contains("no credential is configured; set recommender.security.api-key (environment "
                        + "variable RECOMMENDER_SECURITY_API_KEY)");
    }
}
