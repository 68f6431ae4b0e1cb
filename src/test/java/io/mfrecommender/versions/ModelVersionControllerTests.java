package io.mfrecommender.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.system.SliceTestConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The version endpoints over an empty models directory: the empty list, 404 by type, activation's validation. */
@WebMvcTest(controllers = {ModelVersionController.class, ModelImportController.class})
@Import(SliceTestConfiguration.NoModelYet.class)
class ModelVersionControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void noVersionsYet() {
        assertThat(mvc.get().uri("/models")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"active":null,"versions":[]}""");
    }

    @Test
    void anUnknownOrUnsafeVersionIsNeverFound() {
        for (String version : new String[] {"nope", "jobs", "experiments", ".staging-uploads"}) {
            assertThat(mvc.get().uri("/models/{v}", version))
                    .as(version)
                    .hasStatus(HttpStatus.NOT_FOUND)
                    .bodyJson()
                    .extractingPath("$.type")
                    .isEqualTo("/problems/unknown-model-version");
            assertThat(mvc.get().uri("/models/{v}/pth", version)).as(version).hasStatus(HttpStatus.NOT_FOUND);
        }
    }

    @Test
    void activationNamesWhatIsWrong() {
        assertThat(mvc.put()
                        .uri("/models/active")
                        .contentType("application/json")
                        .content("{}"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("version");
        assertThat(mvc.put()
                        .uri("/models/active")
                        .contentType("application/json")
                        .content("{\"version\":\"nope\"}"))
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void anImportBeforeTheRatingsAreLoadedIsA503NamingWhy() {
        assertThat(mvc.post()
                        .uri("/models/imports?ranker=maybe")
                        .contentType("application/octet-stream")
                        .content(new byte[] {'P', 'K', 3, 4}))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.parameter")
                .isEqualTo("ranker");
        assertThat(mvc.post()
                        .uri("/models/imports")
                        .contentType("application/octet-stream")
                        .content(new byte[] {'P', 'K', 3, 4}))
                .hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasHeader("Retry-After", "5");
    }
}
