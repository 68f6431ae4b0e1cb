package io.mfrecommender.experiments;

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

/** The experiment endpoints over an empty models directory: validation naming the field, 404s, nothing started. */
@WebMvcTest(controllers = ExperimentController.class)
@Import(SliceTestConfiguration.NoModelYet.class)
class ExperimentControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void aBadExperimentNamesTheFieldAndStartsNothing() {
        BadBodies.refusedNaming(mvc, HttpMethod.POST, "/experiments", new String[][] {
            {"{\"name\":\"x\",\"variants\":[{\"name\":\"A\",\"version\":\"v\",\"share\":100}]}", "variants"},
            {"{\"name\":\"../x\",\"variants\":[]}", "name"},
            {
                "{\"name\":\"x\",\"variants\":[{\"name\":\"A\",\"version\":\"nope\",\"share\":50},"
                        + "{\"name\":\"B\",\"version\":\"nope\",\"share\":50}]}",
                "variants[0].version"
            },
            {"{\"name\":\"x\",\"colour\":\"blue\"}", "colour"}
        });
        assertThat(mvc.get().uri("/experiments")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"experiments":[]}""");
    }

    @Test
    void anUnknownExperimentIsA404ForItsReportAndItsEnd() {
        assertThat(mvc.get().uri("/experiments/nope"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .extractingPath("$.type")
                .isEqualTo("/problems/unknown-experiment");
        assertThat(mvc.post()
                        .uri("/experiments/nope/end")
                        .contentType("application/json")
                        .content("{\"promote\":\"A\"}"))
                .hasStatus(HttpStatus.NOT_FOUND);
    }
}
