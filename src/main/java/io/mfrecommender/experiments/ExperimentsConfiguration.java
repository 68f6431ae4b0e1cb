package io.mfrecommender.experiments;

import io.mfrecommender.system.RecommenderProperties;
import io.mfrecommender.versions.ModelVersions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Experiments, their records under {@code <models>/experiments/}; closing the context saves the running one's figures. */
@Configuration(proxyBeanMethods = false)
class ExperimentsConfiguration {

    @Bean
    ExperimentService experimentService(
            ModelVersions versions, RecommenderProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new ExperimentService(
                versions,
                properties.models().directory().resolve("experiments"),
                properties.experiments(),
                meters.getIfAvailable(SimpleMeterRegistry::new),
                Clock.systemUTC(),
                properties.models().followInterval());
    }
}
