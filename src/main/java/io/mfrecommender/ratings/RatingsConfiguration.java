package io.mfrecommender.ratings;

import io.mfrecommender.data.DataProperties;
import io.mfrecommender.data.Database;
import io.mfrecommender.training.EventWeights;
import io.mfrecommender.versions.ModelVersions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the rating journal and the posted-ratings service, with their metrics. */
@Configuration(proxyBeanMethods = false)
class RatingsConfiguration {

    @Bean
    RatingLog ratingLog(
            RatingsProperties ratingsProperties, DataProperties dataProperties, ObjectProvider<Database> database) {
        return switch (ratingsProperties.store()) {
            case JOURNAL -> new RatingJournal(ratingsProperties.journalIn(dataProperties.directory()));
            case POSTGRES -> new PostgresRatingLog(database.getObject());
        };
    }

    /** The posted ratings, replayed by the bootstrap before it trains or loads a version. */
    @Bean
    PostedRatingsStore postedRatingsStore(
            RatingLog ratingLog, ObjectProvider<MeterRegistry> meters, ObjectProvider<EventWeights> events) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        PostedRatingsStore store = new PostedRatingsStore(
                ratingLog,
                Timer.builder("recommender.ratings.fold-in")
                        .description("Time to fold one user into both models of the served version")
                        .register(registry),
                events.getIfAvailable(() -> EventWeights.DEFAULTS));
        Gauge.builder("recommender.ratings.journal.bytes", store, PostedRatingsStore::journalBytes)
                .baseUnit("bytes")
                .description("Size of the rating journal (with postgres: of the rating_events table)")
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

    /** With a store every replica shares, this instance follows the others' writes. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "recommender.ratings", name = "store", havingValue = "postgres")
    SharedRatingsFollower sharedRatingsFollower(
            PostedRatingsStore store, ModelVersions versions, RatingsProperties ratingsProperties) {
        return new SharedRatingsFollower(store, versions, ratingsProperties.pollInterval());
    }

    /** Named "ratingsJournal": DOWN while posted ratings cannot be stored (with a database: while it is away). */
    @Bean
    JournalHealthIndicator ratingsJournalHealthIndicator(PostedRatingsStore store, RatingsProperties ratings) {
        return new JournalHealthIndicator(
                store, ratings.store() == RatingsProperties.Store.POSTGRES, Clock.systemUTC());
    }

    @Bean
    RatingsService ratingsService(
            ModelVersions versions,
            PostedRatingsStore store,
            RatingsProperties ratingsProperties,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<RatingListener> listener) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        Gauge.builder(
                        "recommender.ratings.folded.users",
                        versions.served(),
                        s -> s.find().map(m -> (double) m.overlay().size()).orElse(Double.NaN))
                .description("Users folded into the served version from ratings posted since its training")
                .register(registry);
        return new RatingsService(
                versions,
                store,
                ratingsProperties,
                registry,
                Clock.systemUTC(),
                listener.getIfAvailable(() -> RatingListener.NONE));
    }
}
