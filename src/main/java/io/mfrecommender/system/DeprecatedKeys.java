package io.mfrecommender.system;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Settings that moved to the feature they belong to keep working under their old names: a new key
 * that no source sets takes the value of its old key, from whatever source sets that (a file, an
 * environment variable, an argument, a test's properties, in any of Spring's spellings), looked up
 * when the key is read. Where both are set, the new name wins. Each old key in use is logged once,
 * as deprecated, with its new name. {@code config/application.yml} leaves the moved keys commented,
 * so that an old key set elsewhere is not hidden by the file's default.
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

    private final Log log;

    public DeprecatedKeys(DeferredLogFactory logs) {
        this.log = logs.getLog(DeprecatedKeys.class);
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new OldNames(environment, log));
    }

    /** The new keys, answered from their old names; last of all sources, so any new key set wins. */
    private static final class OldNames extends PropertySource<Map<String, String>> {

        private static final Map<String, String> OLD_BY_NEW =
                MOVED.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));

        private final Log log;
        private final Set<String> warned = ConcurrentHashMap.newKeySet();
        /** Guards against the lookup of an old key coming back here. */
        private final ThreadLocal<Boolean> looking = ThreadLocal.withInitial(() -> false);

        /** Not the source object: Spring Boot walks into a source that is an environment, and would loop. */
        private final ConfigurableEnvironment environment;

        OldNames(ConfigurableEnvironment environment, Log log) {
            super("moved settings' old names", OLD_BY_NEW);
            this.environment = environment;
            this.log = log;
        }

        @Override
        public Object getProperty(String name) {
            String old = OLD_BY_NEW.get(name);
            if (old == null || looking.get()) {
                return null;
            }
            looking.set(true);
            try {
                // Through the binder: the old key in any of Spring's spellings, in every source.
                String value = Binder.get(environment).bind(old, String.class).orElse(null);
                if (value != null && warned.add(old)) {
                    log.warn("The setting " + old + " is deprecated and will be removed: it is now " + name);
                }
                return value;
            } finally {
                looking.set(false);
            }
        }
    }
}
