package io.mfrecommender.access;

import io.mfrecommender.data.DataProperties;
import io.mfrecommender.data.Database;
import io.mfrecommender.ratings.RatingsProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The keys in use, reloaded from their file as it changes, the request rates and the audit trail.
 * A key setting that cannot be used stops the start (saying why, never the key); a key file that
 * stops parsing later leaves the keys in use unchanged, and the log and
 * {@code recommender.security.key-reloads{outcome=refused}} say so.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AccessConfiguration.class);

    @Bean
    ApiKeys apiKeys(AccessProperties access) {
        ApiKeyProperties single = access.single();
        single.problem().ifPresent(problem -> {
            throw new InvalidApiKeyException(problem);
        });
        if (single.trimmedNewline()) {
            log.warn("recommender.security.api-key ended with a newline, as files holding secrets often do: it was "
                    + "dropped, and the key is the rest");
        }
        List<ApiKeys.Key> configured = new ArrayList<>();
        try {
            if (single.configured()) {
                configured.add(new ApiKeys.Key(
                        "api-key", java.util.Set.of(Scope.ADMIN), ApiKeys.digest(single.key()), null, 0));
            }
            for (int i = 0; i < access.keys().size(); i++) {
                AccessProperties.KeyEntry entry = access.keys().get(i);
                configured.add(ApiKeys.key(
                        "recommender.security.keys[" + i + "]: ",
                        entry.id(),
                        entry.scopes() == null ? List.of() : entry.scopes(),
                        entry.digest(),
                        entry.expires(),
                        entry.rate()));
            }
            return new ApiKeys(configured, access.keysFile());
        } catch (IllegalArgumentException e) {
            throw new InvalidApiKeyException("recommender.security.keys / keys-file", e.getMessage());
        }
    }

    /** Checks the key file every {@code keys-reload-interval}; a change is logged and audited. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService keyReloads(
            ApiKeys keys, AccessProperties access, AuditTrail audit, ObjectProvider<MeterRegistry> meterRegistry) {
        MeterRegistry meters = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
        ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "key-reload");
            thread.setDaemon(true);
            return thread;
        });
        if (keys.file() == null) {
            return reloads;
        }
        long every = Math.max(100, access.keysReloadInterval().toMillis());
        reloads.scheduleWithFixedDelay(
                () -> {
                    try {
                        ApiKeys.Reload reload = keys.reload();
                        if (reload != null) {
                            log.info(
                                    "Key file reloaded: {} keys in use, added {}, removed {}",
                                    reload.ids().size(),
                                    reload.added(),
                                    reload.removed());
                            counter(meters, "applied").increment();
                            audit.record(AuditEntry.now(
                                    "service",
                                    "reload keys",
                                    "keys-file",
                                    200,
                                    "added " + reload.added() + ", removed " + reload.removed()));
                        }
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        counter(meters, "refused").increment();
                        log.warn("Key file not reloaded, the keys in use stay: {}", e.getMessage());
                    } catch (RuntimeException e) {
                        counter(meters, "refused").increment();
                        log.warn(
                                "Key file not reloaded, the keys in use stay: {}",
                                e.getClass().getSimpleName());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        return reloads;
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("recommender.security.key-reloads")
                .description("Changes of the key file applied or refused")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** Beside the ratings: the journal's directory, or the ratings database every replica shares. */
    @Bean
    AuditTrail auditTrail(
            RatingsProperties ratings,
            DataProperties data,
            AccessProperties access,
            ObjectProvider<Database> database,
            ObjectProvider<MeterRegistry> meterRegistry) {
        AuditTrail trail = switch (ratings.store()) {
            case JOURNAL ->
                new FileAuditTrail(
                        data.directory().resolve("audit.log"), access.audit().maxEntries());
            case POSTGRES ->
                new PostgresAuditTrail(database.getObject(), access.audit().maxEntries());
        };
        Gauge.builder("recommender.audit.entries", trail, AuditTrail::size)
                .description("Entries the audit trail keeps (bounded by recommender.security.audit.max-entries)")
                .register(meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
        return trail;
    }

    @Bean
    RequestRates requestRates(AccessProperties access, ObjectProvider<MeterRegistry> meterRegistry) {
        return new RequestRates(access.limits(), meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }
}
