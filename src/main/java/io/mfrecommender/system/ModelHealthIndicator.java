package io.mfrecommender.system;

import io.mfrecommender.versions.ItemIndexes;
import io.mfrecommender.versions.ServedVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness follows the model: OUT_OF_SERVICE until one is active, then UP with its version and
 * whether its lists go through the approximate index ({@code itemIndex}: {@code READY}) or scan
 * every movie meanwhile ({@code BUILDING}, {@code LOADING}, {@code FAILED}, or {@code EXACT} where
 * no index is wanted). The service is ready either way: the exact scan gives the same answers, slower.
 */
public final class ModelHealthIndicator implements HealthIndicator {

    private final ServedVersion served;
    private final Supplier<ItemIndexes.Status> index;

    public ModelHealthIndicator(ServedVersion served, Supplier<ItemIndexes.Status> index) {
        this.served = served;
        this.index = index;
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
                        .withDetail("itemIndex", indexDetail(model.version()))
                        .build())
                .orElseGet(() -> Health.outOfService()
                        .withDetail("status", served.status())
                        .build());
    }

    private Map<String, Object> indexDetail(String version) {
        ItemIndexes.Status status = index.get();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put(
                "state", version.equals(status.version()) ? status.state().name() : ItemIndexes.State.LOADING.name());
        if (status.built() != null) {
            detail.put("builtInSeconds", status.built().toMillis() / 1000.0);
        }
        if (status.opened() != null) {
            detail.put("openedInSeconds", status.opened().toMillis() / 1000.0);
        }
        return detail;
    }
}
