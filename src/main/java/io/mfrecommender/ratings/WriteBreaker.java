package io.mfrecommender.ratings;

import io.mfrecommender.data.WriteFailedException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's writes while they fail: one attempt per {@link #RETRY_WHILE_FAILING} finds out
 * whether they work again, the rest are refused at once instead of each holding a request thread
 * for a connection timeout; why and since when, for health; how many were refused, for metrics.
 */
final class WriteBreaker {

    private static final Logger log = LoggerFactory.getLogger(WriteBreaker.class);

    /** While writes fail, how often one is tried; the others are refused at once. */
    static final Duration RETRY_WHILE_FAILING = Duration.ofSeconds(1);

    private final String journal;
    private final AtomicLong refused = new AtomicLong();
    private volatile PostedRatingsStore.WriteFailure failure;
    private volatile long lastFailureNanos;

    /** @param journal what the log is, for log lines ({@link RatingLog#describe}) */
    WriteBreaker(String journal) {
        this.journal = journal;
    }

    /**
     * Refuses a write at once while writes fail and the last attempt was within the interval.
     *
     * @throws WriteFailedException naming the failure and since when
     */
    void check() {
        PostedRatingsStore.WriteFailure failing = failure;
        if (failing != null && System.nanoTime() - lastFailureNanos < RETRY_WHILE_FAILING.toNanos()) {
            refused.incrementAndGet();
            throw new WriteFailedException(
                    failing.reason() + " (failing since " + failing.since() + ")", new IOException("failing"));
        }
    }

    /** A write failed: counted, and remembered with its time unless writes were failing already. */
    void failed(WriteFailedException e) {
        lastFailureNanos = System.nanoTime();
        refused.incrementAndGet();
        if (failure == null) {
            failure = new PostedRatingsStore.WriteFailure(Instant.now(), e.getMessage());
            log.warn("Rating journal writes are failing ({}): {}", journal, e.getMessage());
        }
    }

    /** A write, or a probe, succeeded. */
    void succeeded(boolean quietly) {
        PostedRatingsStore.WriteFailure was = failure;
        if (was != null) {
            if (!quietly) {
                log.info("Rating journal writes succeed again (failing since {})", was.since());
            }
            failure = null;
        }
    }

    Optional<PostedRatingsStore.WriteFailure> failure() {
        return Optional.ofNullable(failure);
    }

    long refused() {
        return refused.get();
    }
}
