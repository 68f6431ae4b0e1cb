package io.mfrecommender.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Settings that moved to the feature they belong to keep working under their old names: wherever an
 * old key is set (a file, an environment variable, an argument, in any of Spring's spellings), its
 * value is given to the new key with the same precedence, just before the source that holds it, so
 * a new key set in a source that wins still wins. Each old key in use is logged once, as deprecated,
 * with its new name.
 */
public final class DeprecatedKeys implements EnvironmentPostProcessor, Ordered {

    /** Old key, new key. */
    static final Map<String, String> MOVED = Map.of(
            "recommender.serving.max-body-bytes", "recommender.http.max-body-bytes",
            "recommender.serving.body-timeout", "recommender.http.body-timeout",
            "recommender.serving.max-buffered-body-bytes", "recommender.http.max-buffered-body-bytes",
            "recommender.serving.retry-after-seconds", "recommender.http.retry-after-seconds",
            "recommender.serving.max-batch", "recommender.prediction.max-batch",
            "recommender.jobs.holdout", "recommender.models.holdout");

    /** The source Spring Boot attaches over all the others; its keys are theirs. */
    private static final String ATTACHED = "configurationProperties";

    private final Log log;
    private final java.util.Set<String> warned = new java.util.HashSet<>();

    public DeprecatedKeys(DeferredLogFactory logs) {
        this.log = logs.getLog(DeprecatedKeys.class);
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        for (PropertySource<?> source :
                List.copyOf(environment.getPropertySources().stream().toList())) {
            if (ATTACHED.equals(source.getName())) {
                continue;
            }
            ConfigurationPropertySource keys = ConfigurationPropertySource.from(source);
            if (keys == null) {
                continue;
            }
            Map<String, Object> renamed = new LinkedHashMap<>();
            MOVED.forEach((old, now) -> {
                ConfigurationProperty property = keys.getConfigurationProperty(ConfigurationPropertyName.of(old));
                if (property != null) {
                    renamed.put(now, property.getValue());
                    if (warned.add(old)) {
                        log.warn("The setting " + old + " is deprecated and will be removed: it is now " + now);
                    }
                }
            });
            if (!renamed.isEmpty()) {
                environment
                        .getPropertySources()
                        .addBefore(
                                source.getName(), new MapPropertySource("moved keys of " + source.getName(), renamed));
            }
        }
    }
}
