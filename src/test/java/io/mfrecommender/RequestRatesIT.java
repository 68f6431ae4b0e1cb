package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.access.ApiKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Request rates over HTTP (#34): a caller over its rate gets 429 with Retry-After; others do not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestRatesIT {

    private static final Path DIR = TinyService.directory("mf-recommender-rates");
    private static final String FLOOD = "flood-key-0123456789abcdef";
    private static final String CALM = "calm-key-0123456789abcdef";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.properties(registry, DIR);
        registry.add("recommender.security.keys[0].id", () -> "flood");
        registry.add("recommender.security.keys[0].scopes", () -> "read");
        registry.add("recommender.security.keys[0].digest", () -> ApiKeys.digest(FLOOD));
        registry.add("recommender.security.keys[1].id", () -> "calm");
        registry.add("recommender.security.keys[1].scopes", () -> "read");
        registry.add("recommender.security.keys[1].digest", () -> ApiKeys.digest(CALM));
        registry.add("recommender.security.limits.per-credential", () -> "2");
        registry.add("recommender.security.limits.per-address", () -> "1000");
        registry.add("recommender.security.limits.burst", () -> "5s");
        registry.add("recommender.security.limits.pause", () -> "150ms");
    }

    @LocalServerPort
    int port;

    @Test
    void aCallerOverItsRateIsAnswered429AndTheOthersAreNot() throws Exception {
        TinyService service = new TinyService(port);
        service.awaitReadiness();
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        long limitedNanos = 0;
        for (int i = 0; i < 30; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response =
                    service.send("GET", "/predict?user=1&movie=1", null, Map.of("X-API-Key", FLOOD));
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
                limitedNanos = System.nanoTime() - start;
            }
        }
        // A refused request waits out the pause before its answer, without a thread.
        assertThat(limitedNanos).isGreaterThanOrEqualTo(140_000_000L);
        // 2 per second with 5 s of burst: the first 10 pass, most of the rest are limited.
        assertThat(statuses.subList(0, 10)).containsOnly(200);
        assertThat(statuses).contains(429);
        assertThat(limited.headers().firstValue("Retry-After"))
                .hasValueSatisfying(value -> assertThat(Long.parseLong(value)).isBetween(1L, 5L));
        assertThat(limited.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(limited.body())
                .contains("\"type\":\"/problems/rate-limited\"")
                .contains("key:flood");
        // Another credential, probes and anonymous reads (by address) are not held back.
        assertThat(service.send("GET", "/predict?user=1&movie=1", null, Map.of("X-API-Key", CALM))
                        .statusCode())
                .isEqualTo(200);
        assertThat(service.send("GET", "/actuator/health/readiness", null, Map.of("X-API-Key", FLOOD))
                        .statusCode())
                .isEqualTo(200);
        assertThat(service.send("GET", "/predict?user=1&movie=1", null, Map.of())
                        .statusCode())
                .isEqualTo(200);
        String metrics =
                service.send("GET", "/actuator/prometheus", null, Map.of()).body();
        assertThat(metrics).containsPattern("recommender_limits_requests_total\\{[^}]*outcome=\"limited\"[^}]*} [1-9]");
    }
}
