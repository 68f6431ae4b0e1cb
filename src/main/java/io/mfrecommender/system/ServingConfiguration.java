package io.mfrecommender.system;

import io.mfrecommender.model.ModelRegistry;
import io.mfrecommender.prediction.PredictionService;
import io.mfrecommender.recommendation.RecommendationService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the read-side services to the active-model registry, the serving bounds and the metrics
 * registry (a private one where the application has none, as in web slice tests).
 */
@Configuration(proxyBeanMethods = false)
class ServingConfiguration {

    @Bean
    RecommendationService recommendationService(
            ModelRegistry registry, RecommenderProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new RecommendationService(
                registry, properties.serving(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    PredictionService predictionService(
            ModelRegistry registry, RecommenderProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new PredictionService(registry, properties.serving(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
