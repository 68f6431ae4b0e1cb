package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mfrecommender.api.InvalidParameterException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recommendations endpoint's parameters, read as the service binds every other query parameter. */
class ListQueryResolverTests {

    private static ListQuery read(Map<String, String[]> parameters) {
        return ListQueryResolver.read(parameters::get);
    }

    @Test
    void absentParametersTakeTheirDefaults() {
        ListQuery query = read(Map.of());
        assertThat(query).isEqualTo(new ListQuery(10, 0, true, null, null, List.of(), List.of(), null, null, 0));
        assertThat(query).isEqualTo(ListQuery.top(10));
    }

    @Test
    void everyParameterIsRead() {
        ListQuery query = read(Map.of(
                "limit", new String[] {"25"},
                "offset", new String[] {"5"},
                "excludeRated", new String[] {"false"},
                "genre", new String[] {"Comedy"},
                "sort", new String[] {"predicted-rating"},
                "exclude", new String[] {"1,2", "3"},
                "include", new String[] {"7,8"},
                "minYear", new String[] {"1990"},
                "maxYear", new String[] {"1999"},
                "diversity", new String[] {"0.5"}));
        assertThat(query)
                .isEqualTo(new ListQuery(
                        25,
                        5,
                        false,
                        "Comedy",
                        "predicted-rating",
                        List.of(1L, 2L, 3L),
                        List.of(7L, 8L),
                        1990,
                        1999,
                        0.5));
    }

    @Test
    void aMalformedValueIsA400NamingTheParameter() {
        assertThatThrownBy(() -> read(Map.of("limit", new String[] {"ten"})))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("'limit' must be a whole number, got 'ten'");
        assertThatThrownBy(() -> read(Map.of("excludeRated", new String[] {"maybe"})))
                .hasMessageContaining("'excludeRated' must be true or false, got 'maybe'");
        assertThatThrownBy(() -> read(Map.of("diversity", new String[] {"lots"})))
                .hasMessageContaining("'diversity' must be a number");
        assertThatThrownBy(() -> read(Map.of("include", new String[] {"1,abc"})))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(
                                ((InvalidParameterException) e).getBody().getProperties())
                        .containsEntry("parameter", "include"));
        assertThatThrownBy(() -> read(Map.of("maxYear", new String[] {"1e3"})))
                .hasMessageContaining("'maxYear' must be a whole number");
        // One spelling per value, as everywhere in the service.
        for (String[] loose : new String[][] {
            {"limit", "+5"},
            {"limit", "0x10"},
            {"excludeRated", "yes"},
            {"excludeRated", "1"},
            {"diversity", "NaN"},
            {"diversity", "1e-1"},
            {"exclude", "+1"},
            {"include", "7,,8"},
            {"include", "7, 8"},
            {"include", "7,7"},
            {"minYear", "99999999999"}
        }) {
            assertThatThrownBy(() -> read(Map.of(loose[0], new String[] {loose[1]})))
                    .as(loose[0] + "=" + loose[1])
                    .isInstanceOf(InvalidParameterException.class);
        }
    }
}
