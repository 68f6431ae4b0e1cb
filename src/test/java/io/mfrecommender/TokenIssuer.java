package io.mfrecommender;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An identity provider for tests: an RSA key whose public half is served as a JWK set over HTTP on
 * loopback (as an issuer's {@code jwks_uri} is), and tokens signed with it by Nimbus JOSE, or
 * forged, expired, for another audience, or unsigned.
 */
final class TokenIssuer {

    static final String AUDIENCE = "mf-recommender";

    private final RSAKey key;
    private final RSAKey forger;
    private final HttpServer server;

    TokenIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").generate();
            // Same key id, another key: what a forger who read the JWK set could sign with.
            forger = new RSAKeyGenerator(2048).keyID("test-key").generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
    }

    /** The service's settings to accept this issuer's tokens for {@link #AUDIENCE}. */
    void properties(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> AUDIENCE);
    }

    private static JWTClaimsSet claims(String subject, List<String> scopes, String audience, Instant expires) {
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(expires.minus(Duration.ofHours(1))))
                .expirationTime(Date.from(expires))
                .claim("scope", String.join(" ", scopes))
                .claim("azp", "client-" + subject)
                .build();
    }

    private String sign(RSAKey with, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(with.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A good token for {@code subject} with {@code scopes}, valid for an hour. */
    String token(String subject, String... scopes) {
        return sign(
                key, claims(subject, List.of(scopes), AUDIENCE, Instant.now().plus(Duration.ofHours(1))));
    }

    String expired(String subject, String... scopes) {
        return sign(
                key, claims(subject, List.of(scopes), AUDIENCE, Instant.now().minus(Duration.ofMinutes(10))));
    }

    String forged(String subject, String... scopes) {
        return sign(
                forger, claims(subject, List.of(scopes), AUDIENCE, Instant.now().plus(Duration.ofHours(1))));
    }

    String otherAudience(String subject, String... scopes) {
        return sign(
                key,
                claims(
                        subject,
                        List.of(scopes),
                        "another-service",
                        Instant.now().plus(Duration.ofHours(1))));
    }

    /** {@code alg: none}: the claims, unsigned. */
    String unsigned(String subject, String... scopes) {
        return new PlainJWT(
                        claims(subject, List.of(scopes), AUDIENCE, Instant.now().plus(Duration.ofHours(1))))
                .serialize();
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
