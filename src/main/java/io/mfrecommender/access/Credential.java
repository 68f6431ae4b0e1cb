package io.mfrecommender.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who a request comes from, once its key or token was checked: an id that names it in logs, the
 * audit trail and the rate limits (never the secret), its scopes, and for a token the user it was
 * issued to, when its subject is a user id.
 */
public final class Credential extends AbstractAuthenticationToken {

    /** The role actuator's health details are shown to ({@code management.endpoint.health.roles}). */
    public static final String OPERATOR_ROLE = "OPERATOR";

    private final String id;
    private final Set<Scope> scopes;
    private final Long user;
    private final double rate;

    public Credential(String id, Set<Scope> scopes, Long user) {
        this(id, scopes, user, 0);
    }

    /** @param rate its own requests per second, or 0 for {@code limits.per-credential} */
    public Credential(String id, Set<Scope> scopes, Long user, double rate) {
        super(authorities(scopes));
        this.id = id;
        this.scopes = Set.copyOf(scopes);
        this.user = user;
        this.rate = rate;
        setAuthenticated(true);
    }

    /** Its own requests per second, or 0 for the default. */
    public double rate() {
        return rate;
    }

    private static List<GrantedAuthority> authorities(Set<Scope> scopes) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        scopes.forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope.word())));
        if (scopes.contains(Scope.ADMIN)) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + OPERATOR_ROLE));
        }
        return authorities;
    }

    public String id() {
        return id;
    }

    public Set<Scope> scopes() {
        return scopes;
    }

    /** The user the token was issued to, or null (keys, and tokens whose subject is not a user id). */
    public Long user() {
        return user;
    }

    /** Whether this credential may make a call that {@code rule} guards on {@code path}. */
    public boolean allows(AccessRules.Rule rule, String path) {
        if (Scope.anyGrants(scopes, rule.scope())) {
            return true;
        }
        return rule.self() && user != null && user.equals(AccessRules.pathUser(path));
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return id;
    }

    /** The credential of the request being served, or null when it came without one. */
    public static Credential current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof Credential credential ? credential : null;
    }

    /** Whether the request being served holds {@code admin} (health and info show more then). */
    public static boolean currentIsAdmin() {
        Credential credential = current();
        return credential != null && credential.scopes.contains(Scope.ADMIN);
    }

    @Override
    public String toString() {
        return "Credential[" + id + ", scopes=" + scopes + (user == null ? "" : ", user=" + user) + "]";
    }
}
