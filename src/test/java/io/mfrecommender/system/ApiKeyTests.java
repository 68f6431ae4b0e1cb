package io.mfrecommender.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class ApiKeyTests {

    private static final String KEY = "0123456789abcdef-key";

    @Test
    void onlyTheExactKeyMatches() {
        SecurityConfiguration.ApiKeyFilter filter = new SecurityConfiguration.ApiKeyFilter(KEY);
        assertThat(filter.matches(KEY)).isTrue();
        assertThat(filter.matches(KEY + " ")).isFalse();
        assertThat(filter.matches(KEY.substring(0, KEY.length() - 1))).isFalse();
        assertThat(filter.matches(KEY.toUpperCase(Locale.ROOT))).isFalse();
        assertThat(filter.matches("")).isFalse();
    }

    @Test
    void aKeyIsSixteenCharactersWithoutSpacesOrNothing() {
        assertThat(new ApiKeyProperties(null).problem()).isEmpty();
        assertThat(new ApiKeyProperties("").problem()).isEmpty();
        assertThat(new ApiKeyProperties("0123456789abcdef").problem()).isEmpty();
        assertThat(new ApiKeyProperties("0123456789abcde").problem())
                .hasValueSatisfying(
                        problem -> assertThat(problem).contains("15 characters").doesNotContain("0123456789abcde"));
        assertThat(new ApiKeyProperties("0123456789 abcdef").problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("whitespace inside"));
        assertThat(new ApiKeyProperties("").configured()).isFalse();
        assertThat(new ApiKeyProperties(null).configured()).isFalse();
    }

    /** Secret files end with a newline: one is dropped, and said so; other whitespace is refused, never printed. */
    @Test
    void oneTrailingNewlineIsDroppedAndTheKeyIsNeverPrinted() {
        ApiKeyProperties fromFile = new ApiKeyProperties(KEY + "\n");
        assertThat(fromFile.problem()).isEmpty();
        assertThat(fromFile.trimmedNewline()).isTrue();
        assertThat(new SecurityConfiguration.ApiKeyFilter(fromFile.key()).matches(KEY))
                .isTrue();
        assertThat(new ApiKeyProperties(KEY + "\r\n").key()).isEqualTo(KEY);
        assertThat(new ApiKeyProperties(" " + KEY).problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("at its start"));
        assertThat(new ApiKeyProperties(KEY + "\n\n").problem())
                .hasValueSatisfying(problem -> assertThat(problem).contains("at its end"));
        assertThat(fromFile.toString()).doesNotContain(KEY);
        assertThat(new InvalidApiKeyException(
                                new ApiKeyProperties("short-key").problem().orElseThrow())
                        .getMessage())
                .contains("recommender.security.api-key")
                .doesNotContain("short-key");
    }

    @Test
    void routeTemplatesAndRequestPathsMatchTheProtectedList() {
        assertThat(SecurityConfiguration.isProtected(HttpMethod.DELETE, "/users/{id}"))
                .isTrue();
        assertThat(SecurityConfiguration.isProtected(HttpMethod.DELETE, "/users/17/ratings/3"))
                .isTrue();
        assertThat(SecurityConfiguration.isProtected(HttpMethod.POST, "/users/17/ratings"))
                .isTrue();
        assertThat(SecurityConfiguration.isProtected(HttpMethod.GET, "/users/17/ratings"))
                .isFalse();
        assertThat(SecurityConfiguration.isProtected(HttpMethod.POST, "/predictions"))
                .isFalse();
        assertThat(SecurityConfiguration.isProtected(HttpMethod.PUT, "/models/active"))
                .isTrue();
        assertThat(SecurityConfiguration.isProtected(HttpMethod.GET, "/models/active"))
                .isFalse();
    }
}
