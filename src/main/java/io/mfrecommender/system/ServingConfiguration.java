package io.mfrecommender.system;

import io.mfrecommender.model.ModelRegistry;
import io.mfrecommender.prediction.PredictionService;
import io.mfrecommender.recommendation.RecommendationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the read-side services to the active-model registry and the serving bounds. */
@Configuration(proxyBeanMethods = false)
class ServingConfiguration {

    @Bean
    RecommendationService recommendationService(ModelRegistry registry, RecommenderProperties properties) {
        return new RecommendationService(registry, properties.serving());
    }

    @Bean
    PredictionService predictionService(ModelRegistry registry, RecommenderProperties properties) {
        return new PredictionService(registry, properties.serving());
    }
}
