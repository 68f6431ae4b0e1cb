package io.mfrecommender.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mfrecommender.api.UnknownMovieException;
import io.mfrecommender.data.CatalogueEdits;
import io.mfrecommender.ratings.TinyRatings;
import io.mfrecommender.recommendation.RecommendationService;
import io.mfrecommender.system.BadBodies;
import io.mfrecommender.system.SliceTestConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * {@code PUT /movies/{id}} over the tiny version (movies 100 Alpha, 200 Beta, 300 Gamma; genres
 * Comedy and Drama): a new movie is 201 and served at once with the catalogue's genre spelling, a
 * changed one 200, a bad field 400 naming it.
 */
@WebMvcTest(controllers = CatalogueController.class)
@Import({SliceTestConfiguration.RatingsOverTinyModel.class, CatalogueControllerTests.Catalogue.class})
class CatalogueControllerTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Catalogue {
        @Bean
        CatalogueService catalogueService(TinyRatings tiny) {
            return new CatalogueService(
                    tiny.active, new CatalogueEdits(tiny.journal.resolveSibling("catalogue-edits.jsonl")), tiny.store);
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    RecommendationService movies;

    @Test
    void aNewMovieIsCreatedAndServedWithTheCataloguesSpelling() {
        assertThat(mvc.put()
                        .uri("/movies/400")
                        .contentType("application/json")
                        .content("{\"title\":\"Delta\",\"year\":2024,\"genres\":[\"comedy\"]}"))
                .hasStatus(HttpStatus.CREATED)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"movieId":400,"title":"Delta","year":2024,"genres":["Comedy"]}""");
        assertThat(movies.movie(400).title()).isEqualTo("Delta"); // served at once
    }

    @Test
    void aChangedMovieIs200() {
        assertThat(mvc.put()
                        .uri("/movies/100")
                        .contentType("application/json")
                        .content("{\"title\":\"Alpha, re-cut\",\"genres\":[\"Comedy\"]}"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.title")
                .isEqualTo("Alpha, re-cut");
    }

    @Test
    void aBadFieldIs400NamingIt() {
        BadBodies.refusedNaming(mvc, HttpMethod.PUT, "/movies/500", new String[][] {
            {"{\"year\":2000}", "title"},
            {"{\"title\":\"" + "\uD83C\uDFAC".repeat(201) + "\"}", "title"},
            {"{\"title\":\"x\",\"year\":1200}", "year"},
            {"{\"title\":\"x\",\"rating\":5}", "rating"}
        });
        assertThatThrownBy(() -> movies.movie(500)).isInstanceOf(UnknownMovieException.class);
    }
}
