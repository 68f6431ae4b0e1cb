package io.mfrecommender.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Slice tests' one check of a refused body: a 400 whose problem names the member in {@code parameter}. */
public final class BadBodies {

    private BadBodies() {}

    /** Sends each {@code {body, parameter}} pair as JSON and expects a 400 naming that parameter. */
    public static void refusedNaming(MockMvcTester mvc, HttpMethod method, String uri, String[][] bodies) {
        for (String[] bad : bodies) {
            assertThat(mvc.method(method)
                            .uri(uri)
                            .contentType("application/json")
                            .content(bad[0]))
                    .as(bad[0])
                    .hasStatus(HttpStatus.BAD_REQUEST)
                    .bodyJson()
                    .extractingPath("$.parameter")
                    .isEqualTo(bad[1]);
        }
    }
}
