package io.mfrecommender.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A bearer token's credential: the scopes of its {@code scope} (space-separated) or {@code scp}
 * claim that name ours, and those of the roles in the configured roles claim; the user it was
 * issued to when its user claim holds a user id; and an id for the audit trail and the limits
 * ({@code token:} and the {@code client_id}, {@code azp} or subject). Scopes it does not know are
 * passed over.
 */
public final class TokenScopes implements Converter<Jwt, Credential> {

    private final AccessProperties.Jwt settings;

    public TokenScopes(AccessProperties.Jwt settings) {
        this.settings = settings;
    }

    @Override
    public Credential convert(Jwt jwt) {
        Set<Scope> scopes = new TreeSet<>();
        words(jwt.getClaims().get("scope")).forEach(word -> add(scopes, word));
        words(jwt.getClaims().get("scp")).forEach(word -> add(scopes, word));
        if (settings.rolesClaim() != null && !settings.rolesClaim().isBlank()) {
            for (String role : words(claim(jwt.getClaims(), settings.rolesClaim()))) {
                settings.roles().getOrDefault(role, List.of()).forEach(word -> add(scopes, word));
            }
        }
        Object subject = jwt.getClaims().get(settings.userClaim());
        Long user = null;
        if (subject != null) {
            try {
                user = Long.parseLong(subject.toString());
            } catch (NumberFormatException notAUserId) {
                // A service account or a person known by another id: no user data of its own here.
            }
        }
        String client = jwt.getClaimAsString("client_id");
        if (client == null) {
            client = jwt.getClaimAsString("azp");
        }
        if (client == null) {
            client = jwt.getSubject();
        }
        return new Credential("token:" + (client == null ? "unnamed" : client), scopes, user);
    }

    private static void add(Set<Scope> scopes, String word) {
        Scope scope = Scope.named(word);
        if (scope != null) {
            scopes.add(scope);
        }
    }

    /** A claim's words: a space-separated string, or a list of strings. */
    private static List<String> words(Object claim) {
        List<String> words = new ArrayList<>();
        if (claim instanceof String text) {
            for (String word : text.split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        } else if (claim instanceof Collection<?> values) {
            values.forEach(value -> words.add(String.valueOf(value)));
        }
        return words;
    }

    /** The claim at a dotted path ({@code realm_access.roles}), or null. */
    private static Object claim(Map<String, Object> claims, String path) {
        Object value = claims;
        for (String part : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(part);
        }
        return value;
    }
}
