package io.mfrecommender.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Token buckets per caller, and their bound. */
class RequestRatesTests {

    private final Credential shop = new Credential("key:shop", Set.of(Scope.READ), null);

    @Test
    void aCallerOverItsBurstIsLimitedAndToldWhenToRetry() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RequestRates rates = new RequestRates(
                new AccessProperties.Limits(5, 1, Duration.ofSeconds(2), 100, Duration.ZERO, 0), meters);
        // 5 per second with 2 s of burst: 10 at once, then the 11th waits 0.2 s (rounded up to 1 s).
        for (int i = 0; i < 10; i++) {
            assertThat(rates.take(shop, "10.0.0.1").allowed())
                    .as("request " + i)
                    .isTrue();
        }
        RequestRates.Decision refused = rates.take(shop, "10.0.0.1");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        // Another caller, and the same address without the credential, have buckets of their own.
        assertThat(rates.take(new Credential("key:ops", Set.of(Scope.ADMIN), null), "10.0.0.1")
                        .allowed())
                .isTrue();
        assertThat(rates.take(null, "10.0.0.1").allowed()).isTrue();
        assertThat(rates.take(null, "10.0.0.1").allowed()).isTrue();
        RequestRates.Decision address = rates.take(null, "10.0.0.1");
        assertThat(address.allowed()).isFalse();
        assertThat(address.retryAfterSeconds()).isEqualTo(1);
        assertThat(meters.get("recommender.limits.requests")
                        .tag("outcome", "limited")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void aKeysOwnRateIsItsAlone() {
        RequestRates rates = new RequestRates(
                new AccessProperties.Limits(0, 0, Duration.ofSeconds(1), 100, Duration.ZERO, 0),
                new SimpleMeterRegistry());
        Credential limited = new Credential("key:limited", Set.of(Scope.READ), null, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(rates.take(limited, "10.0.0.1").allowed()).isTrue();
        }
        assertThat(rates.take(limited, "10.0.0.1").allowed()).isFalse();
        for (int i = 0; i < 100; i++) {
            assertThat(rates.take(shop, "10.0.0.1").allowed()).isTrue();
        }
    }

    @Test
    void keysWithTheirOwnRatesBeyondTheBoundShareABucketAtThatRate() {
        RequestRates rates = new RequestRates(
                new AccessProperties.Limits(0, 0, Duration.ofSeconds(1), 2, Duration.ZERO, 0),
                new SimpleMeterRegistry());
        for (int k = 0; k < 2; k++) {
            assertThat(rates.take(new Credential("key:k" + k, Set.of(Scope.READ), null, 1), "10.0.0.1")
                            .allowed())
                    .isTrue();
        }
        assertThat(rates.take(new Credential("key:late", Set.of(Scope.READ), null, 1), "10.0.0.1")
                        .allowed())
                .isTrue();
        assertThat(rates.take(new Credential("key:later", Set.of(Scope.READ), null, 1), "10.0.0.1")
                        .allowed())
                .isFalse();
    }

    @Test
    void twoUsersOfOneApplicationHaveBucketsOfTheirOwn() {
        RequestRates rates = new RequestRates(
                new AccessProperties.Limits(1, 0, Duration.ofSeconds(1), 100, Duration.ZERO, 0),
                new SimpleMeterRegistry());
        Credential ann = new Credential("token:app", Set.of(Scope.READ), 1L);
        Credential bob = new Credential("token:app", Set.of(Scope.READ), 2L);
        assertThat(rates.take(ann, "10.0.0.1").allowed()).isTrue();
        assertThat(rates.take(ann, "10.0.0.1").allowed()).isFalse();
        assertThat(rates.take(bob, "10.0.0.1").allowed()).isTrue();
    }

    @Test
    void noRateIsNoLimit() {
        RequestRates rates = new RequestRates(
                new AccessProperties.Limits(0, 0, Duration.ofSeconds(2), 100, Duration.ZERO, 0),
                new SimpleMeterRegistry());
        for (int i = 0; i < 10_000; i++) {
            assertThat(rates.take(shop, "10.0.0.1").allowed()).isTrue();
        }
    }

    @Test
    void newCallersBeyondTheBoundShareOneBucketAndTrackingStaysBounded() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RequestRates rates =
                new RequestRates(new AccessProperties.Limits(1, 1, Duration.ofSeconds(1), 3, Duration.ZERO, 0), meters);
        for (int a = 0; a < 3; a++) {
            assertThat(rates.take(null, "10.0.0." + a).allowed()).isTrue();
        }
        // The three tracked callers have spent their one request: none is idle, so newcomers share one bucket.
        assertThat(rates.take(null, "10.0.1.1").allowed()).isTrue();
        assertThat(rates.take(null, "10.0.1.2").allowed()).isFalse();
        for (int a = 0; a < 1000; a++) {
            rates.take(null, "10.1." + a / 250 + "." + a % 250);
        }
        assertThat(meters.get("recommender.limits.tracked").gauge().value()).isLessThanOrEqualTo(3);
    }
}
