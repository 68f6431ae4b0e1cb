package io.mfrecommender.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** A token's scopes from its scope claim and from an identity provider's roles, and its user. */
class TokenScopesTests {

    private static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .issuedAt(Instant.parse("2026-12-07T10:00:00Z"))
                .expiresAt(Instant.parse("2026-12-07T11:00:00Z"));
        claims.forEach(builder::claim);
        return builder.build();
    }

    @Test
    void scopesComeFromTheScopeClaimOrScpAndUnknownOnesArePassedOver() {
        TokenScopes scopes = new TokenScopes(new AccessProperties.Jwt("sub", null, Map.of()));
        Credential credential =
                scopes.convert(jwt(Map.of("sub", "42", "scope", "openid read:user-data profile", "azp", "app")));
        assertThat(credential.scopes()).containsExactly(Scope.USER_DATA);
        assertThat(credential.user()).isEqualTo(42L);
        assertThat(credential.id()).isEqualTo("token:app");
        assertThat(scopes.convert(jwt(Map.of("sub", "svc-batch", "scp", List.of("write", "admin"))))
                        .scopes())
                .containsExactlyInAnyOrder(Scope.WRITE, Scope.ADMIN);
        assertThat(scopes.convert(jwt(Map.of("sub", "svc-batch"))).user()).isNull();
        assertThat(scopes.convert(jwt(Map.of("sub", "svc-batch"))).id()).isEqualTo("token:svc-batch");
    }

    /** Keycloak puts a user's roles in realm_access.roles. */
    @Test
    void rolesInANestedClaimMapToScopes() {
        TokenScopes scopes = new TokenScopes(new AccessProperties.Jwt(
                "user_id",
                "realm_access.roles",
                Map.of("recommender-admin", List.of("admin"), "shop", List.of("read", "write"))));
        Credential credential = scopes.convert(jwt(Map.of(
                "sub", "f81d4fae",
                "user_id", "7",
                "client_id", "console",
                "realm_access", Map.of("roles", List.of("shop", "offline_access")))));
        assertThat(credential.scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.WRITE);
        assertThat(credential.user()).isEqualTo(7L);
        assertThat(credential.id()).isEqualTo("token:console");
        assertThat(credential.allows(
                        AccessRules.find(org.springframework.http.HttpMethod.GET, "/users/7/ratings"),
                        "/users/7/ratings"))
                .isTrue();
        assertThat(credential.allows(
                        AccessRules.find(org.springframework.http.HttpMethod.GET, "/users/8/ratings"),
                        "/users/8/ratings"))
                .isFalse();
        assertThat(credential.allows(
                        AccessRules.find(org.springframework.http.HttpMethod.DELETE, "/users/7"), "/users/7"))
                .as("erasure needs admin, even of oneself")
                .isFalse();
    }
}
