package io.mfrecommender.system;

import io.mfrecommender.prediction.PredictionService;
import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.recommendation.ExplanationService;
import io.mfrecommender.recommendation.ExposureListener;
import io.mfrecommender.recommendation.RecommendationService;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the read-side services to the served version, the serving bounds and the metrics
 * registry (a private one where the application has none, as in web slice tests).
 */
@Configuration(proxyBeanMethods = false)
class ServingConfiguration {

    @Bean
    RecommendationService recommendationService(
            ServedVersion served,
            RecommenderProperties properties,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ExposureListener> exposures) {
        return new RecommendationService(
                served,
                properties.serving(),
                meters.getIfAvailable(SimpleMeterRegistry::new),
                exposures.getIfAvailable(() -> ExposureListener.NONE));
    }

    @Bean
    ExplanationService explanationService(
            ServedVersion served, RecommenderProperties properties, ObjectProvider<PostedRatingsStore> ratings) {
        return new ExplanationService(served, ratings::getObject, properties.serving());
    }

    @Bean
    PredictionService predictionService(
            ServedVersion served, RecommenderProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new PredictionService(served, properties.serving(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
