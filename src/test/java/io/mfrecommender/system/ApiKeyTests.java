package io.mfrecommender.system;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
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
        assertThat(filter.matches(KEY.toUpperCase(java.util.Locale.ROOT))).isFalse();
        assertThat(filter.matches("")).isFalse();
    }

    @Test
    void aKeyIsSixteenCharactersWithoutSpacesOrNothing() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        assertThat(validator.validate(new ApiKeyProperties(null))).isEmpty();
        assertThat(validator.validate(new ApiKeyProperties(""))).isEmpty();
        assertThat(validator.validate(new ApiKeyProperties("0123456789abcdef"))).isEmpty();
        assertThat(validator.validate(new ApiKeyProperties("0123456789abcde"))).hasSize(1);
        assertThat(validator.validate(new ApiKeyProperties("0123456789 abcdef")))
                .hasSize(1);
        assertThat(new ApiKeyProperties("").configured()).isFalse();
        assertThat(new ApiKeyProperties(null).configured()).isFalse();
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
