package io.mfrecommender.system;

import io.mfrecommender.data.DataLoadException;
import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.jobs.ModelBootstrap;

import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.model.ModelRegistry;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.ModelStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
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

    /**
     * Gauges of the active model, read at every scrape: {@code recommender.model.age} (seconds
     * since training), {@code .users}, {@code .items}, {@code .factors} and {@code .validation.rmse}
     * (NaN when the manifest has none, or before a model is active).
     */
    @Bean
    MeterBinder activeModelMetrics(ModelRegistry registry) {
        return meters -> {
            Gauge.builder("recommender.model.age", registry, r -> r.find()
                            .map(m -> (double) java.time.Duration.between(m.model().manifest().createdAt(),
                                    java.time.Instant.now()).toSeconds()).orElse(Double.NaN))
                    .baseUnit("seconds").description("Seconds since the active model was trained").register(meters);
            Gauge.builder("recommender.model.users", registry, r -> r.find()
                    .map(m -> (double) m.model().users().size()).orElse(Double.NaN)).register(meters);
            Gauge.builder("recommender.model.items", registry, r -> r.find()
                    .map(m -> (double) m.model().items().size()).orElse(Double.NaN)).register(meters);
            Gauge.builder("recommender.model.factors", registry, r -> r.find()
                    .map(m -> (double) m.model().factors()).orElse(Double.NaN)).register(meters);
            Gauge.builder("recommender.model.validation.rmse", registry, r -> r.find()
                    .map(m -> m.model().manifest().evaluation().get("validationRmse"))
                    .filter(Number.class::isInstance).map(v -> ((Number) v).doubleValue()).orElse(Double.NaN))
                    .description("Validation RMSE of the active model, from its manifest").register(meters);
        };
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
                properties.training().toRecipe(), properties.serving().popularity(),
                properties.serving().popularDamping());
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
