package io.mfrecommender.system;

import io.mfrecommender.data.DataProperties;
import io.mfrecommender.model.ModelProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code diskSpace} in health: free and total bytes of the disks the service writes to (the models
 * directory and the data directory, by role, never by path), DOWN when either has less than
 * {@link #THRESHOLD} free. Spring Boot's own indicator names the absolute path.
 */
@Component("diskSpaceHealthIndicator")
class DiskSpace implements HealthIndicator {

    static final long THRESHOLD = 10L << 20;

    private final Map<String, Path> directories;

    DiskSpace(ModelProperties modelProperties, DataProperties dataProperties) {
        this.directories = Map.of("models", modelProperties.directory(), "data", dataProperties.directory());
    }

    @Override
    public Health health() {
        boolean low = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, Path> directory : new TreeMap<>(directories).entrySet()) {
            Path existing = directory.getValue().toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            try {
                var store = Files.getFileStore(existing == null ? Path.of(".").toAbsolutePath() : existing);
                long free = store.getUsableSpace();
                low |= free < THRESHOLD;
                details.put(directory.getKey(), Map.of("free", free, "total", store.getTotalSpace()));
            } catch (IOException e) {
                low = true;
                details.put(directory.getKey(), Map.of("error", "cannot be read"));
            }
        }
        details.put("threshold", THRESHOLD);
        return (low ? Health.down() : Health.up()).withDetails(details).build();
    }
}
