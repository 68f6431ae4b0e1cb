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
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflowCredential;
    private final Bucket overflowAddress;
    private final Counter allowed;
    private final Counter limited;
    private final AtomicLong lastSweep = new AtomicLong();
    /** Each tracked bucket's capacity, to tell an idle (full) one. */
    private final java.util.Map<Bucket, Long> capacities =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

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
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = track(key, rate, credential != null ? overflowCredential : overflowAddress);
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            allowed.increment();
            return Decision.ALLOWED;
        }
        limited.increment();
        return new Decision(false, Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
    }

    private Bucket track(String key, double rate, Bucket overflow) {
        if (buckets.size() >= limits.maxTracked()) {
            sweep();
            if (buckets.size() >= limits.maxTracked()) {
                return overflow;
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
        buckets.values()
                .removeIf(bucket -> bucket.getAvailableTokens() >= capacities.getOrDefault(bucket, Long.MAX_VALUE));
    }

    private long capacity(double rate) {
        return Math.max(1, Math.round(rate * limits.burst().toNanos() / 1e9));
    }

    private Bucket bucket(double rate) {
        if (rate <= 0) {
            return null;
        }
        long capacity = capacity(rate);
        Duration refill = Duration.ofNanos(Math.max(1, Math.round(capacity / rate * 1e9)));
        Bucket bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, refill))
                .build();
        capacities.put(bucket, capacity);
        return bucket;
    }
}
