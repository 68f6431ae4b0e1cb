package io.mfrecommender.recommendation;

import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires lists, similar movies and explanations to the served version, the serving bounds and the
 * metrics registry (a private one where the application has none, as in web slice tests).
 */
@Configuration(proxyBeanMethods = false)
public class RecommendationConfiguration {

    @Bean
    RecommendationService recommendationService(
            ServedVersion served,
            ServingProperties properties,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ExposureListener> exposures,
            ObjectProvider<Clock> clock) {
        return new RecommendationService(
                served,
                properties,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                exposures.getIfAvailable(() -> ExposureListener.NONE),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ExplanationService explanationService(
            ServedVersion served, ServingProperties properties, ObjectProvider<PostedRatingsStore> ratings) {
        return new ExplanationService(served, ratings::getObject, properties);
    }
}
