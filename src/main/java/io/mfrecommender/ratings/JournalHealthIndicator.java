package io.mfrecommender.ratings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code ratingsJournal} in health: UP while posted ratings can be stored, DOWN with since when
 * and why while writes fail (a full or read-only disk, a database away). Reads keep working
 * meanwhile, so it is not part of readiness. While DOWN, each check (at most one per {@link
 * #PROBE_INTERVAL}) tries a small write beside the journal, so health turns UP as soon as writes
 * would work again. With a shared database every check probes it (as often), so an instance that
 * has written nothing yet, a replica say, still reports the database gone.
 */
final class JournalHealthIndicator implements HealthIndicator {

    static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);

    private final PostedRatingsStore store;
    private final boolean shared;
    private final Clock clock;
    private volatile Instant lastProbe = Instant.MIN;
    /** With a shared database: since when the last probes found it unreachable, or null. */
    private volatile Instant unreachableSince;

    JournalHealthIndicator(PostedRatingsStore store, boolean shared, Clock clock) {
        this.store = store;
        this.shared = shared;
        this.clock = clock;
    }

    @Override
    public Health health() {
        if (shared || store.writeFailure().isPresent()) {
            Instant now = clock.instant();
            if (Duration.between(lastProbe, now).compareTo(PROBE_INTERVAL) >= 0) {
                lastProbe = now;
                boolean works = store.probeWrites();
                unreachableSince = works ? null : unreachableSince == null ? now : unreachableSince;
            }
        }
        Instant away = shared ? unreachableSince : null;
        if (away != null && store.writeFailure().isEmpty()) {
            return Health.down()
                    .withDetail("writes", "failing")
                    .withDetail("since", away.toString())
                    .withDetail("reason", "the ratings database cannot be reached")
                    .build();
        }
        return store.writeFailure()
                .map(failure -> Health.down()
                        .withDetail("writes", "failing")
                        .withDetail("since", failure.since().toString())
                        .withDetail("reason", failure.reason())
                        .build())
                .orElseGet(() -> Health.up()
                        .withDetail("writes", "ok")
                        .withDetail("entries", store.sequenceSoFar())
                        .build());
    }
}
