package io.mfrecommender.ratings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code ratingsJournal} in health: UP while posted ratings can be stored, DOWN with since when
 * and why while writes fail (a full or read-only disk). Reads keep working meanwhile, so it is not
 * part of readiness. While DOWN, each check (at most one per {@link #PROBE_INTERVAL}) tries a small
 * write beside the journal, so health turns UP as soon as writes would work again.
 */
final class JournalHealthIndicator implements HealthIndicator {

    static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);

    private final PostedRatingsStore store;
    private final Clock clock;
    private volatile Instant lastProbe = Instant.MIN;

    JournalHealthIndicator(PostedRatingsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Health health() {
        if (store.writeFailure().isPresent()) {
            Instant now = clock.instant();
            if (Duration.between(lastProbe, now).compareTo(PROBE_INTERVAL) >= 0) {
                lastProbe = now;
                store.probeWrites();
            }
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
