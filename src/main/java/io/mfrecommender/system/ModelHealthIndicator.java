package io.mfrecommender.system;

import io.mfrecommender.versions.ServedVersion;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Readiness follows the model: OUT_OF_SERVICE until one is active, then UP with its version. */
public final class ModelHealthIndicator implements HealthIndicator {

    private final ServedVersion served;

    public ModelHealthIndicator(ServedVersion served) {
        this.served = served;
    }

    @Override
    public Health health() {
        return served.find()
                .map(model -> Health.up()
                        .withDetail("version", model.version())
                        .withDetail("algorithm", model.model().manifest().algorithm())
                        .withDetail("users", model.model().users().size())
                        .withDetail("items", model.model().items().size())
                        .withDetail("activatedAt", model.activatedAt().toString())
                        .build())
                .orElseGet(() -> Health.outOfService()
                        .withDetail("status", served.status())
                        .build());
    }
}
