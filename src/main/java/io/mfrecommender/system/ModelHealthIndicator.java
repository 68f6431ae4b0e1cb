package io.mfrecommender.system;

import io.mfrecommender.model.ModelRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Readiness follows the model: OUT_OF_SERVICE until one is active, then UP with its version. */
public final class ModelHealthIndicator implements HealthIndicator {

    private final ModelRegistry registry;

    public ModelHealthIndicator(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        return registry.find()
                .map(model -> Health.up()
                        .withDetail("version", model.version())
                        .withDetail("algorithm", model.model().manifest().algorithm())
                        .withDetail("users", model.model().users().size())
                        .withDetail("items", model.model().items().size())
                        .withDetail("activatedAt", model.activatedAt().toString())
                        .build())
                .orElseGet(() -> Health.outOfService()
                        .withDetail("status", registry.status())
                        .build());
    }
}
