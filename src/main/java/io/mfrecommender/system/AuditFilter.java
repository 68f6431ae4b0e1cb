package io.mfrecommender.system;

import io.mfrecommender.access.AccessRules;
import io.mfrecommender.access.AuditEntry;
import io.mfrecommender.access.AuditTrail;
import io.mfrecommender.access.Credential;
import io.mfrecommender.ratings.RatingsService;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;

/**
 * Every call that changes the service ({@link AccessRules.Rule#change()}) and reached it, written to
 * the {@link AuditTrail} and the log as one structured line once the service has answered it: the
 * credential's id (never the secret), the operation, its target and the outcome. A request whose
 * body is read first is answered in its second (asynchronous) dispatch, so the credential is taken
 * in the first. An erasure names the user by their erasure digest, here and in every entry before.
 * A 503 (nothing changed; the store the trail shares is likely away) is logged, not kept.
 */
final class AuditFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger("io.mfrecommender.audit");
    private static final String WHO = AuditFilter.class.getName() + ".credential";
    private static final Pattern ERASURE = Pattern.compile("^/users/(-?\\d{1,19})$");

    private final AuditTrail audit;
    private final RatingsService ratings;

    AuditFilter(AuditTrail audit, RatingsService ratings) {
        this.audit = audit;
        this.ratings = ratings;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        AccessRules.Rule rule = AccessRules.of(request);
        if (rule == null || !rule.change()) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        if (request.getDispatcherType() == DispatcherType.REQUEST) {
            Credential credential = Credential.current();
            request.setAttribute(WHO, credential == null ? "anonymous" : credential.id());
        }
        chain.doFilter(servletRequest, servletResponse);
        if (request.isAsyncStarted()) {
            return; // answered by the dispatch after the body is read
        }
        record(request, rule, ((HttpServletResponse) servletResponse).getStatus());
    }

    private void record(HttpServletRequest request, AccessRules.Rule rule, int status) {
        String target = request.getRequestURI();
        Matcher erased = ERASURE.matcher(target);
        if (rule.method() == HttpMethod.DELETE && status < 300 && erased.matches()) {
            long user = Long.parseLong(erased.group(1));
            String digest = ratings.erasureDigest(user);
            audit.erase(user, digest);
            target = "/users/erased:" + digest;
        }
        String action = rule.method().name() + " " + rule.pattern();
        Object who = request.getAttribute(WHO);
        AuditEntry entry = AuditEntry.now(
                who == null ? "anonymous" : who.toString(), action, target, status, AuditEntry.outcome(status));
        if (status == 503) {
            // Nothing was changed, and the store the trail shares with the ratings is most likely what
            // is away: waiting for it again would double the refusal's time. The log keeps the line.
            log.info(
                    "audit credential={} action=\"{}\" target={} status={} outcome={} (not kept: the service was "
                            + "unavailable and changed nothing)",
                    entry.credential(),
                    action,
                    RequestGuard.printable(target),
                    status,
                    entry.outcome());
            return;
        }
        try {
            audit.record(entry);
        } catch (RuntimeException e) {
            log.error(
                    "audit entry not kept: {} {} by {}: {}",
                    action,
                    RequestGuard.printable(target),
                    entry.credential(),
                    e.getClass().getSimpleName());
            return;
        }
        log.info(
                "audit credential={} action=\"{}\" target={} status={} outcome={}",
                entry.credential(),
                action,
                RequestGuard.printable(target),
                status,
                entry.outcome());
    }
}
