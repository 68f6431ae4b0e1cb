package io.mfrecommender.system;

import io.mfrecommender.model.ModelRegistry;
import io.mfrecommender.model.TinyServing;
import io.mfrecommender.prediction.PredictionService;
import io.mfrecommender.recommendation.RecommendationService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * For {@code @WebMvcTest} slices: the real services on the hand-checked {@link TinyServing} model,
 * with the default serving bounds. Tests that need "no model yet" clear it via {@link #emptyRegistry()}.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecommenderProperties.class)
public class SliceTestConfiguration {

    @Bean
    ModelRegistry modelRegistry() {
        return TinyServing.activeRegistry();
    }

    @Bean
    RecommendationService recommendationService(ModelRegistry registry, RecommenderProperties properties) {
        return new RecommendationService(registry, properties.serving());
    }

    @Bean
    PredictionService predictionService(ModelRegistry registry, RecommenderProperties properties) {
        return new PredictionService(registry, properties.serving());
    }

    /** A registry with nothing active, as during startup. */
    public static ModelRegistry emptyRegistry() {
        ModelRegistry registry = new ModelRegistry();
        registry.reportStatus("training a sgd model on test data");
        return registry;
    }
}
