package io.mfrecommender.system;

import io.mfrecommender.data.DataLoadException;
import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.jobs.ModelBootstrap;
import io.mfrecommender.model.ModelHealthIndicator;
import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.model.ModelRegistry;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.ModelStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the model store, the active-model registry, its readiness indicator and the startup bootstrap. */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

    @Bean
    ModelStore modelStore(RecommenderProperties properties) {
        return new ModelStore(properties.models().directory());
    }

    @Bean
    ModelRegistry modelRegistry() {
        return new ModelRegistry();
    }

    /** Named "model": part of the readiness group (see application.yml). */
    @Bean
    ModelHealthIndicator modelHealthIndicator(ModelRegistry registry) {
        return new ModelHealthIndicator(registry);
    }

    /** {@code /actuator/info} shows the active model's manifest. */
    @Bean
    InfoContributor activeModelInfo(ModelRegistry registry) {
        return builder -> registry.find().ifPresentOrElse(
                model -> builder.withDetail("model", model.model().manifest()),
                () -> builder.withDetail("model", java.util.Map.of("status", registry.status())));
    }

    @Bean
    ModelBootstrap modelBootstrap(DataSourceLoader dataLoader, ModelStore store, ModelRegistry registry,
                                  RecommenderProperties properties) {
        return new ModelBootstrap(dataLoader, store, registry, properties.models().startupMode(),
                properties.training().toParameters(), properties.serving().popularDamping());
    }

    /**
     * Starts the bootstrap on its own thread once the context is up. If it fails in {@code load}
     * mode the process exits (there is nothing to serve); otherwise the service stays up, not
     * ready, with the reason in its health details.
     */
    @Bean
    ApplicationRunner modelStartup(ModelBootstrap bootstrap, ModelRegistry registry, RecommenderProperties properties,
                                   ConfigurableApplicationContext context) {
        return args -> {
            Thread thread = new Thread(() -> {
                try {
                    bootstrap.run();
                } catch (RuntimeException e) {
                    if (e instanceof DataLoadException || e instanceof ModelStoreException
                            || e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
                        // A configuration or data problem: the message says what to fix; a stack trace would not.
                        log.error("No model could be made active: {}", e.getMessage());
                    } else {
                        log.error("No model could be made active: {}", e.getMessage(), e);
                    }
                    registry.reportStatus("failed: " + e.getMessage());
                    if (properties.models().startupMode() == ModelProperties.StartupMode.LOAD) {
                        System.exit(SpringApplication.exit(context, () -> 1));
                    }
                }
            }, "model-bootstrap");
            thread.setDaemon(true);
            thread.start();
        };
    }
}
