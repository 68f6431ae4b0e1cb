package io.mfrecommender.access;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request rates per caller: a Bucket4j token bucket for each credential
 * ({@code limits.per-credential} requests per second) and for each client address without one
 * ({@code limits.per-address}), holding {@code burst} of the rate. The buckets are bounded
 * ({@code limits.max-tracked}): at the bound, buckets that are full (their callers idle) are
 * dropped, at most once a second; when none is, a new caller shares one overflow bucket at the same
 * rate, so a flood of new addresses cannot grow memory or starve the callers already tracked.
 * Meters: {@code recommender.limits.requests{outcome=allowed|limited}}, {@code recommender.limits.tracked}.
 */
public final class RequestRates {

    /** Whether a request may go on; if not, after how many whole seconds a retry can succeed. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    private final AccessProperties.Limits limits;
    /** A caller's bucket and the capacity it holds when full (its caller idle). */
    private record Tracked(Bucket bucket, long capacity) {}

    private final ConcurrentHashMap<String, Tracked> buckets = new ConcurrentHashMap<>();
    private final Tracked overflowCredential;
    private final Tracked overflowAddress;
    private final Counter allowed;
    private final Counter limited;
    private final ConcurrentHashMap<Double, Tracked> ownRateOverflows = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();

    public RequestRates(AccessProperties.Limits limits, MeterRegistry meters) {
        this.limits = limits;
        this.overflowCredential = bucket(limits.perCredential());
        this.overflowAddress = bucket(limits.perAddress());
        this.allowed = Counter.builder("recommender.limits.requests")
                .description("Requests checked against a caller's rate, by outcome")
                .tag("outcome", "allowed")
                .register(meters);
        this.limited = Counter.builder("recommender.limits.requests")
                .description("Requests checked against a caller's rate, by outcome")
                .tag("outcome", "limited")
                .register(meters);
        Gauge.builder("recommender.limits.tracked", buckets, ConcurrentHashMap::size)
                .description(
                        "Callers whose request rate is tracked (bounded by recommender.security.limits.max-tracked)")
                .register(meters);
    }

    /** Takes one request from the caller's bucket: {@code credential} when it has one, else its address. */
    public Decision take(Credential credential, String address) {
        double rate = credential == null
                ? limits.perAddress()
                : credential.rate() > 0 ? credential.rate() : limits.perCredential();
        if (rate <= 0) {
            return Decision.ALLOWED;
        }
        // A token issued to a user is limited as that user, not as the application that asked for it.
        String key = credential == null
                ? "address:" + address
                : credential.user() == null ? credential.id() : credential.id() + "/" + credential.user();
        Tracked tracked = buckets.get(key);
        if (tracked == null) {
            tracked = track(key, rate, credential == null ? overflowAddress : overflowCredential);
        }
        ConsumptionProbe probe = tracked.bucket().tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            allowed.increment();
            return Decision.ALLOWED;
        }
        limited.increment();
        return new Decision(false, Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
    }

    private Tracked track(String key, double rate, Tracked overflow) {
        if (buckets.size() >= limits.maxTracked()) {
            sweep();
            if (buckets.size() >= limits.maxTracked()) {
                // A key with its own rate where no default is set shares one overflow bucket per rate
                // (the rates are the operator's, so these are few).
                return overflow != null ? overflow : ownRateOverflows.computeIfAbsent(rate, this::bucket);
            }
        }
        return buckets.computeIfAbsent(key, unused -> bucket(rate));
    }

    /** Drops full buckets (their callers are idle: a new bucket would be the same), at most once a second. */
    private void sweep() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last < 1_000_000_000L || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        buckets.values().removeIf(tracked -> tracked.bucket().getAvailableTokens() >= tracked.capacity());
    }

    private long capacity(double rate) {
        return Math.max(1, Math.round(rate * limits.burst().toNanos() / 1e9));
    }

    private Tracked bucket(double rate) {
        if (rate <= 0) {
            return null;
        }
        long capacity = capacity(rate);
        Duration refill = Duration.ofNanos(Math.max(1, Math.round(capacity / rate * 1e9)));
        return new Tracked(
                Bucket.builder()
                        .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, refill))
                        .build(),
                capacity);
    }
}
