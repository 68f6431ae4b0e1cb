package io.mfrecommender.events;

import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.training.EventWeights;
import io.mfrecommender.versions.ModelVersions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires posted events: their weights (which the posted-ratings store folds users with) and the service. */
@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

    @Bean
    EventWeights eventWeights(EventsProperties properties) {
        return properties.weights();
    }

    /**
     * The cold-start list counts the users with events on a movie ({@code count-in-popular}), from the
     * first version served: set once every bean exists, before the startup serves one.
     */
    @Bean
    SmartInitializingSingleton popularityCountsEvents(
            EventsProperties properties, EventWeights weights, ModelVersions versions) {
        return () -> {
            if (properties.countInPopular()) {
                versions.countEventsInPopularity(weights);
            }
        };
    }

    @Bean
    EventsService eventsService(
            ModelVersions versions,
            PostedRatingsStore store,
            EventsProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        return new EventsService(
                versions, store, properties, meters.getIfAvailable(SimpleMeterRegistry::new), Clock.systemUTC());
    }
}
