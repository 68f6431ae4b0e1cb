package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The contract validator finds what a response gets wrong, and passes what it gets right. */
class ContractValidatorTests {

    private static final String DOCUMENT = """
            {"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/things/{id}":{"get":{"responses":{
              "200":{"description":"ok","headers":{"X-Model-Version":{"schema":{"type":"string"}}},
                     "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}}},
             "components":{"schemas":{"Thing":{"type":"object","required":["id"],
               "properties":{"id":{"type":"integer"},"name":{"type":["string","null"]}}}}}}""";

    @Test
    void findsAnUnlistedStatusAMissingHeaderAnUnnamedTypeAndABodyOffItsSchema() {
        ContractValidator contract = new ContractValidator(DOCUMENT);
        Map<String, List<String>> json =
                Map.of("Content-Type", List.of("application/json"), "X-Model-Version", List.of("v"));
        contract.check("GET", "/things/1", null, response(200, json, "{\"id\":1,\"name\":null}"));
        assertThat(contract.violations()).isEmpty();
        contract.check("GET", "/things/1", null, response(200, json, "{\"name\":\"x\"}"));
        contract.check(
                "GET",
                "/things/1",
                null,
                response(200, Map.of("Content-Type", List.of("application/json")), "{\"id\":1}"));
        contract.check(
                "GET",
                "/things/1",
                null,
                response(200, Map.of("Content-Type", List.of("text/plain"), "X-Model-Version", List.of("v")), "x"));
        contract.check("GET", "/things/1", null, response(404, json, "{}"));
        contract.check("GET", "/other", null, response(200, json, "{}"));
        assertThat(contract.violations())
                .hasSize(5)
                .anyMatch(v -> v.contains("id"))
                .anyMatch(v -> v.contains("X-Model-Version"))
                .anyMatch(v -> v.contains("text/plain"))
                .anyMatch(v -> v.contains("status not listed"))
                .anyMatch(v -> v.contains("no path"));
        assertThat(contract.covered()).containsExactly("GET /things/{id}");

        // What is right off the document's paths is not a violation; what is wrong there still is.
        contract.check("GET", "/actuator/health", null, response(200, json, "{}"));
        contract.check("GET", "/nothing/here", null, response(404, json, "{}"));
        contract.check("BREW", "/things/1", null, response(501, json, "{}"));
        contract.check("DELETE", "/things/1", null, response(405, json, "{}"));
        assertThat(contract.violations()).hasSize(5);
        contract.check("DELETE", "/things/1", null, response(200, json, "{}"));
        assertThat(contract.violations()).hasSize(6).last().asString().contains("no DELETE");
    }

    @Test
    void theRecordingFilterCopiesWhatPassesAndTheCheckFindsWhatIsWrong() throws Exception {
        ContractRecording recording = new ContractRecording();
        for (String answer : List.of("{\"id\":1}", "{\"name\":\"no id\"}")) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/things/7");
            request.setQueryString("full=true");
            MockHttpServletResponse response = new MockHttpServletResponse();
            recording.filter(request, response, (in, out) -> {
                HttpServletResponse http = (HttpServletResponse) out;
                http.setStatus(200);
                http.setContentType("application/json");
                http.setHeader("X-Model-Version", "v");
                http.getWriter().write(answer);
            });
            // Nothing is taken from what the client receives.
            assertThat(response.getContentAsString()).isEqualTo(answer);
        }
        List<ContractRecording.Exchange> exchanges = recording.drain();
        assertThat(exchanges).hasSize(2);
        assertThat(exchanges.get(0).pathAndQuery).isEqualTo("/things/7?full=true");
        assertThat(recording.drain()).isEmpty();
        ContractValidator contract = new ContractValidator(DOCUMENT);
        exchanges.forEach(exchange -> exchange.checkWith(contract));
        assertThat(contract.exchanges()).isEqualTo(2);
        assertThat(contract.violations()).singleElement().asString().contains("GET /things/7?full=true -> 200");
    }

    private static HttpResponse<String> response(int status, Map<String, List<String>> headers, String body) {
        return new HttpResponse<>() {
            public int statusCode() {
                return status;
            }

            public HttpRequest request() {
                return HttpRequest.newBuilder(URI.create("http://localhost/")).build();
            }

            public Optional<HttpResponse<String>> previousResponse() {
                return Optional.empty();
            }

            public HttpHeaders headers() {
                return HttpHeaders.of(headers, (name, value) -> true);
            }

            public String body() {
                return body;
            }

            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            public URI uri() {
                return URI.create("http://localhost/");
            }

            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
