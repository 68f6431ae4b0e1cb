package io.mfrecommender.ratings;

import io.mfrecommender.data.RatingJournal;
import io.mfrecommender.system.RecommenderProperties;
import io.mfrecommender.versions.ModelVersions;
import io.micrometer.core.instrument.FunctionCounter;
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
        Gauge.builder("recommender.ratings.journal.entries", store, PostedRatingsStore::sequenceSoFar)
                .description("Sequence number of the journal's last entry (ratings, deletions, erasures)")
                .register(registry);
        Gauge.builder(
                        "recommender.ratings.journal.writable",
                        store,
                        s -> s.writeFailure().isPresent() ? 0 : 1)
                .description("1 while posted ratings can be stored, 0 while the journal's writes fail")
                .register(registry);
        FunctionCounter.builder("recommender.ratings.journal.failures", store, PostedRatingsStore::writeFailures)
                .description("Writes refused because the journal could not be written (nothing stored)")
                .register(registry);
        return store;
    }

    /** Named "ratingsJournal": DOWN while posted ratings cannot be stored. */
    @Bean
    JournalHealthIndicator ratingsJournalHealthIndicator(PostedRatingsStore store) {
        return new JournalHealthIndicator(store, Clock.systemUTC());
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
