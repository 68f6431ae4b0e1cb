package io.mfrecommender.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.system.BadBodies;
import io.mfrecommender.system.SliceTestConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The training-jobs endpoints over an empty models directory: paging, validation naming the field, 404s. */
@WebMvcTest(controllers = TrainingJobController.class)
@Import(SliceTestConfiguration.NoModelYet.class)
class TrainingJobControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void aPageSaysWhichItIs() {
        assertThat(mvc.get().uri("/training-jobs?page=3&size=5"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"page":3,"size":5,"jobs":[]}""");
        assertThat(mvc.get().uri("/training-jobs?size=0")).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void aBadRequestNamesTheFieldAndQueuesNothing() throws Exception {
        String before = mvc.get().uri("/training-jobs").exchange().getResponse().getContentAsString();
        BadBodies.refusedNaming(mvc, HttpMethod.POST, "/training-jobs", new String[][] {
            {"{\"algorithm\":\"sgd\",\"colour\":\"blue\"}", "colour"},
            {"{\"algorithm\":\"nope\"}", "algorithm"},
            {"{\"holdout\":0.7}", "holdout"},
            {"{\"parameters\":{\"factors\":0}}", "parameters.factors"}
        });
        assertThat(mvc.get().uri("/training-jobs")).bodyText().isEqualTo(before);
    }

    @Test
    void anUnknownJobIsA404WithItsProblemType() {
        assertThat(mvc.get().uri("/training-jobs/nope"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/unknown-training-job");
        assertThat(mvc.delete().uri("/training-jobs/nope")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void aValidJobIsAcceptedWithItsLocation() {
        assertThat(mvc.post()
                        .uri("/training-jobs")
                        .contentType("application/json")
                        .content("{\"seed\":7}"))
                .hasStatus(HttpStatus.ACCEPTED)
                .satisfies(result ->
                        assertThat(result.getResponse().getHeader("Location")).startsWith("/training-jobs/"));
    }
}
