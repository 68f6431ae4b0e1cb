package io.mfrecommender.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.access.ApiKeyProperties;
import io.mfrecommender.access.InvalidApiKeyException;
import org.junit.jupiter.api.Test;

class ApiKeyTests {

    private static final String KEY = "0123456789abcdef-key";

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
        assertThat(fromFile.key()).isEqualTo(KEY);
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
}
