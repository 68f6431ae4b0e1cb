package io.mfrecommender.experiments;

import io.mfrecommender.data.Database;
import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.ratings.RatingsProperties;
import io.mfrecommender.versions.ModelVersions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Experiments, their records under {@code <models>/experiments/}; closing the context saves the
 * running one's figures. Where posted ratings are kept in PostgreSQL for every replica, the figures
 * and the memory of what was shown are kept there too.
 */
@Configuration(proxyBeanMethods = false)
class ExperimentsConfiguration {

    @Bean
    ExperimentService experimentService(
            ModelVersions versions,
            ModelProperties modelProperties,
            ExperimentProperties experimentProperties,
            RatingsProperties ratingsProperties,
            ObjectProvider<Database> database,
            ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        Clock clock = Clock.systemUTC();
        FigureStore store = ratingsProperties.store() == RatingsProperties.Store.POSTGRES
                ? new PostgresFigureStore(database.getObject(), experimentProperties, registry, clock)
                : new LocalFigureStore(experimentProperties, registry);
        return new ExperimentService(
                versions,
                modelProperties.directory().resolve("experiments"),
                experimentProperties,
                registry,
                clock,
                modelProperties.followInterval(),
                store);
    }

    /**
     * {@code experiments}: DOWN while a record cannot be read (named, with why), so that an operator
     * looks; not part of readiness, since everything else is served.
     */
    @Bean
    HealthIndicator experimentsHealthIndicator(ExperimentService experiments) {
        return () -> {
            List<String> damaged = experiments.damagedRecords();
            return damaged.isEmpty()
                    ? Health.up().build()
                    : Health.down().withDetail("damagedRecords", damaged).build();
        };
    }
}
