package io.mfrecommender.ratings;

import io.mfrecommender.data.RatingJournal;
import io.mfrecommender.system.RecommenderProperties;
import io.mfrecommender.versions.ModelVersions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the rating journal and the posted-ratings service, with their metrics. */
@Configuration(proxyBeanMethods = false)
class RatingsConfiguration {

    /** The rating journal, replayed here, before the bootstrap trains or loads a version. */
    @Bean
    PostedRatingsStore postedRatingsStore(RecommenderProperties properties, ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        PostedRatingsStore store = new PostedRatingsStore(
                new RatingJournal(
                        properties.ratings().journalIn(properties.data().directory())),
                Timer.builder("recommender.ratings.fold-in")
                        .description("Time to fold one user into both models of the served version")
                        .register(registry));
        Gauge.builder("recommender.ratings.journal.bytes", store, PostedRatingsStore::journalBytes)
                .baseUnit("bytes")
                .description("Size of the rating journal")
                .register(registry);
        Gauge.builder("recommender.ratings.journal.entries", store, PostedRatingsStore::sequence)
                .description("Readable entries in the rating journal (ratings, deletions, erasures)")
                .register(registry);
        return store;
    }

    @Bean
    RatingsService ratingsService(
            ModelVersions versions,
            PostedRatingsStore store,
            RecommenderProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        Gauge.builder(
                        "recommender.ratings.folded.users",
                        versions.served(),
                        s -> s.find().map(m -> (double) m.overlay().size()).orElse(Double.NaN))
                .description("Users folded into the served version from ratings posted since its training")
                .register(registry);
        return new RatingsService(versions, store, properties.ratings(), registry, Clock.systemUTC());
    }
}
