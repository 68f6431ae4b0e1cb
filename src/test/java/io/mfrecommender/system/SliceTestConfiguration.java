package io.mfrecommender.system;

import io.mfrecommender.ScratchDirectory;
import io.mfrecommender.access.AuditTrail;
import io.mfrecommender.catalogue.CatalogueProperties;
import io.mfrecommender.catalogue.CatalogueService;
import io.mfrecommender.data.CatalogueEdits;
import io.mfrecommender.events.EventsProperties;
import io.mfrecommender.events.EventsService;
import io.mfrecommender.experiments.ExperimentProperties;
import io.mfrecommender.experiments.ExperimentService;
import io.mfrecommender.jobs.JobsProperties;
import io.mfrecommender.jobs.TrainingJobs;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.model.TinyServing;
import io.mfrecommender.prediction.PredictionConfiguration;
import io.mfrecommender.prediction.PredictionProperties;
import io.mfrecommender.pytorch.StateDictReader;
import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.ratings.RatingJournal;
import io.mfrecommender.ratings.RatingsProperties;
import io.mfrecommender.ratings.RatingsService;
import io.mfrecommender.ratings.TinyRatings;
import io.mfrecommender.recommendation.RecommendationConfiguration;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.AlsParameters;
import io.mfrecommender.training.TrainingProperties;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.PostedRatings;
import io.mfrecommender.versions.PthImports;
import io.mfrecommender.versions.ServedVersion;
import io.mfrecommender.versions.VersionPipeline;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * For {@code @WebMvcTest} slices: the real services ({@link RecommendationConfiguration},
 * {@link PredictionConfiguration}) with the
 * default serving bounds, on a registry supplied by a nested configuration: the hand-checked
 * {@link TinyServing} model, or nothing active as during startup.
 */
public final class SliceTestConfiguration {

    private SliceTestConfiguration() {}

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        ServingProperties.class,
        PredictionProperties.class,
        HttpProperties.class,
        CatalogueProperties.class
    })
    @Import({RecommendationConfiguration.class, PredictionConfiguration.class})
    public static class TinyModelActive {
        @Bean
        ServedVersion modelRegistry() {
            return TinyServing.activeRegistry();
        }
    }

    /** {@link TinyServing#withRanker()}: the same version with a ranker whose order differs. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        ServingProperties.class,
        PredictionProperties.class,
        HttpProperties.class,
        CatalogueProperties.class
    })
    @Import({RecommendationConfiguration.class, PredictionConfiguration.class})
    public static class TinyModelWithRankerActive {
        @Bean
        ServedVersion modelRegistry() {
            ServedVersion registry = new ServedVersion();
            registry.activate(TinyServing.withRanker());
            return registry;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        ServingProperties.class,
        PredictionProperties.class,
        HttpProperties.class,
        CatalogueProperties.class
    })
    @Import({RecommendationConfiguration.class, PredictionConfiguration.class})
    public static class NoModelYet {
        @Bean
        ServedVersion modelRegistry() {
            ServedVersion registry = new ServedVersion();
            registry.reportStatus("training a sgd model on test data");
            return registry;
        }

        /** The version and job endpoints, on an empty models directory; a job would fail to load data. */
        @Bean
        ModelVersions activeModels(ServedVersion registry) throws IOException {
            Path models = ScratchDirectory.create("slice-models");
            return new ModelVersions(new ModelStore(models), registry, Popularity.COUNT, 10, 5, PostedRatings.NONE);
        }

        /** The audit trail's endpoint, on a file beside the models. */
        @Bean
        AuditTrail auditTrail(ModelVersions active) {
            return AuditTrail.inFile(active.store().root().resolve("audit.log"), 100);
        }

        @Bean
        PostedRatingsStore postedRatingsStore(ModelVersions active) {
            return new PostedRatingsStore(
                    new RatingJournal(active.store().root().resolve("posted-ratings.journal")),
                    Timer.builder("fold-in").register(new SimpleMeterRegistry()));
        }

        @Bean
        RatingsService ratingsService(ModelVersions active, PostedRatingsStore store) {
            return new RatingsService(
                    active, store, RatingsProperties.journal(null, 1000), new SimpleMeterRegistry(), Clock.systemUTC());
        }

        @Bean
        EventsService eventsService(ModelVersions active, PostedRatingsStore store) {
            return new EventsService(
                    active, store, EventsProperties.defaults(), new SimpleMeterRegistry(), Clock.systemUTC());
        }

        @Bean
        CatalogueService catalogueService(ModelVersions active, PostedRatingsStore store) {
            return new CatalogueService(
                    active, new CatalogueEdits(active.store().root().resolve("catalogue-edits.jsonl")), store);
        }

        @Bean
        ExperimentService experimentService(ModelVersions active) {
            return new ExperimentService(
                    active,
                    active.store().root().resolve("experiments"),
                    ExperimentProperties.defaults(),
                    new SimpleMeterRegistry(),
                    Clock.systemUTC());
        }

        @Bean
        PthImports pthImports(ModelVersions active) {
            return new PthImports(active.store(), StateDictReader.Limits.DEFAULTS, AlsParameters.defaults());
        }

        @Bean
        TrainingJobs trainingJobs(ModelVersions active) {
            return new TrainingJobs(
                    () -> {
                        throw new IllegalStateException("no data in slice tests");
                    },
                    active,
                    new VersionPipeline(active.store()),
                    new TrainingProperties(Algorithm.SGD, null, null, 42, 1, null, null),
                    new JobsProperties(2, 1, 100, null),
                    0.1,
                    active.store().root().resolve("jobs"),
                    new SimpleMeterRegistry());
        }
    }

    /** The ratings service over {@link TinyServing#withRanker()}, its journal in a fresh directory. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        ServingProperties.class,
        PredictionProperties.class,
        HttpProperties.class,
        CatalogueProperties.class
    })
    @Import({RecommendationConfiguration.class, PredictionConfiguration.class})
    public static class RatingsOverTinyModel {
        @Bean
        TinyRatings tinyRatings() throws IOException {
            return new TinyRatings(ScratchDirectory.create("ratings-slice"));
        }

        @Bean
        ServedVersion modelRegistry(TinyRatings tiny) {
            return tiny.registry;
        }

        @Bean
        RatingsService ratingsService(TinyRatings tiny) {
            return tiny.service;
        }

        @Bean
        EventsService eventsService(TinyRatings tiny) {
            return new EventsService(
                    tiny.active, tiny.store, EventsProperties.defaults(), new SimpleMeterRegistry(), Clock.systemUTC());
        }
    }
}
