package io.mfrecommender.access;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code recommender.security.*}: who may read, the keys, tokens' claims, request rates and the
 * audit trail's bound.
 *
 * @param apiKey the single key, an {@code admin} key ({@link ApiKeyProperties} checks it; never printed)
 * @param openReads whether reads (recommendations, predictions, movies, a user's ratings, versions,
 *                  jobs, experiments, metrics) are open to callers without a credential; the
 *                  default keeps the quick start two commands; false asks each read for its scope
 * @param keysFile a key file ({@link ApiKeys} describes it), read again within
 *                 {@code keysReloadInterval} of a change; absent: none
 * @param keys keys from the settings or the environment ({@code RECOMMENDER_SECURITY_KEYS_0_ID} …)
 * @param keysReloadInterval how often the key file is checked for a change
 */
@ConfigurationProperties("recommender.security")
public record AccessProperties(
        String apiKey,
        @DefaultValue("true") boolean openReads,
        Path keysFile,
        List<KeyEntry> keys,
        @DefaultValue("2s") Duration keysReloadInterval,
        @DefaultValue Jwt jwt,
        @DefaultValue Limits limits,
        @DefaultValue Audit audit) {

    public AccessProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
        apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
    }

    /** The single key, checked. */
    public ApiKeyProperties single() {
        return new ApiKeyProperties(apiKey);
    }

    /** Never the single key itself, should the settings end up in a log or an error page. */
    @Override
    public String toString() {
        return "AccessProperties[apiKey=" + single() + ", openReads=" + openReads + ", keysFile=" + keysFile + ", keys="
                + keys.size() + ", limits=" + limits + "]";
    }
    /**
     * One key in the settings: its digest only, never the key.
     *
     * @param scopes scope words: read, read:user-data, write, admin
     * @param digest {@code sha256:} and 64 hex digits
     * @param expires when it stops working, or null for never
     * @param rate its own requests per second; 0 for {@code limits.per-credential}
     */
    public record KeyEntry(String id, List<String> scopes, String digest, Instant expires, double rate) {}

    /**
     * Bearer tokens' claims (the issuer or JWK set, audiences and algorithms are Spring Boot's
     * {@code spring.security.oauth2.resourceserver.jwt.*}).
     *
     * @param userClaim the claim naming the user a token was issued to; when it holds a user id,
     *                  the token reads that user's own data without {@code read:user-data}
     * @param rolesClaim a claim holding role names (a dotted path such as {@code realm_access.roles}),
     *                   or empty for none; the {@code scope}/{@code scp} claim is always read
     * @param roles each role's scopes, for example {@code recommender-admin: [admin]}
     */
    public record Jwt(@DefaultValue("sub") String userClaim, String rolesClaim, Map<String, List<String>> roles) {
        public Jwt {
            roles = roles == null ? Map.of() : Map.copyOf(roles);
        }
    }

    /**
     * Request rates, as a token bucket per caller: refilled at the rate, holding {@code burst}
     * seconds of it. 0 is no limit (the default, so nothing binds the quick start or the benchmarks).
     *
     * @param perCredential requests per second for each key or token
     * @param perAddress requests per second for each client address without a credential
     * @param burst seconds of the rate a caller may spend at once
     * @param maxTracked callers tracked at once; at the bound, idle callers' buckets are dropped first,
     *                   and when none is idle a new caller shares one overflow bucket
     * @param pause how long a refused request waits before its 429 is sent, without a thread (at
     *              most the Retry-After): a flood that ignores Retry-After then costs a connection a
     *              pause instead of the CPU its requests would take; 0 answers at once
     * @param maxPaused refused requests waiting at once; past it, 429 is sent at once
     */
    public record Limits(
            @DefaultValue("0") double perCredential,
            @DefaultValue("0") double perAddress,
            @DefaultValue("2s") Duration burst,
            @DefaultValue("100000") int maxTracked,
            @DefaultValue("1s") Duration pause,
            @DefaultValue("10000") int maxPaused) {}

    /** @param maxEntries entries the audit trail keeps; beyond it, the oldest go first */
    public record Audit(@DefaultValue("100000") int maxEntries) {}
}
