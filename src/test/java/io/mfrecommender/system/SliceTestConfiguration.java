package io.mfrecommender.system;

import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.model.TinyServing;
import io.mfrecommender.prediction.PredictionConfiguration;
import io.mfrecommender.prediction.PredictionProperties;
import io.mfrecommender.recommendation.RecommendationConfiguration;
import io.mfrecommender.versions.ServedVersion;
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
    @EnableConfigurationProperties({ServingProperties.class, PredictionProperties.class, HttpProperties.class})
    @Import({RecommendationConfiguration.class, PredictionConfiguration.class})
    public static class TinyModelActive {
        @Bean
        ServedVersion modelRegistry() {
            return TinyServing.activeRegistry();
        }
    }

    /** {@link TinyServing#withRanker()}: the same version with a ranker whose order differs. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ServingProperties.class, PredictionProperties.class, HttpProperties.class})
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
    @EnableConfigurationProperties({ServingProperties.class, PredictionProperties.class, HttpProperties.class})
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
        io.mfrecommender.versions.ModelVersions activeModels(ServedVersion registry) throws java.io.IOException {
            java.nio.file.Path models = java.nio.file.Files.createTempDirectory("slice-models");
            return new io.mfrecommender.versions.ModelVersions(
                    new io.mfrecommender.model.ModelStore(models),
                    registry,
                    io.mfrecommender.model.Popularity.COUNT,
                    10,
                    5,
                    io.mfrecommender.versions.PostedRatings.NONE);
        }

        @Bean
        io.mfrecommender.ratings.PostedRatingsStore postedRatingsStore(io.mfrecommender.versions.ModelVersions active) {
            return new io.mfrecommender.ratings.PostedRatingsStore(
                    new io.mfrecommender.ratings.RatingJournal(
                            active.store().root().resolve("posted-ratings.journal")),
                    io.micrometer.core.instrument.Timer.builder("fold-in")
                            .register(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        }

        @Bean
        io.mfrecommender.ratings.RatingsService ratingsService(
                io.mfrecommender.versions.ModelVersions active, io.mfrecommender.ratings.PostedRatingsStore store) {
            return new io.mfrecommender.ratings.RatingsService(
                    active,
                    store,
                    io.mfrecommender.ratings.RatingsProperties.journal(null, 1000),
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                    java.time.Clock.systemUTC());
        }

        @Bean
        io.mfrecommender.catalogue.CatalogueService catalogueService(
                io.mfrecommender.versions.ModelVersions active, io.mfrecommender.ratings.PostedRatingsStore store) {
            return new io.mfrecommender.catalogue.CatalogueService(
                    active,
                    new io.mfrecommender.data.CatalogueEdits(
                            active.store().root().resolve("catalogue-edits.jsonl")),
                    store);
        }

        @Bean
        io.mfrecommender.experiments.ExperimentService experimentService(
                io.mfrecommender.versions.ModelVersions active) {
            return new io.mfrecommender.experiments.ExperimentService(
                    active,
                    active.store().root().resolve("experiments"),
                    io.mfrecommender.experiments.ExperimentProperties.defaults(),
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                    java.time.Clock.systemUTC());
        }

        @Bean
        io.mfrecommender.versions.PthImports pthImports(io.mfrecommender.versions.ModelVersions active) {
            return new io.mfrecommender.versions.PthImports(
                    active.store(),
                    io.mfrecommender.pytorch.StateDictReader.Limits.DEFAULTS,
                    io.mfrecommender.training.AlsParameters.defaults());
        }

        @Bean
        io.mfrecommender.jobs.TrainingJobs trainingJobs(io.mfrecommender.versions.ModelVersions active) {
            return new io.mfrecommender.jobs.TrainingJobs(
                    () -> {
                        throw new IllegalStateException("no data in slice tests");
                    },
                    active,
                    new io.mfrecommender.versions.VersionPipeline(active.store()),
                    new io.mfrecommender.training.TrainingProperties(
                            io.mfrecommender.training.Algorithm.SGD, null, null, 42, 1, null, null),
                    new io.mfrecommender.jobs.JobsProperties(2, 1, 100, null),
                    0.1,
                    active.store().root().resolve("jobs"),
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        }
    }

    /** The ratings service over {@link TinyServing#withRanker()}, its journal in a fresh directory. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ServingProperties.class, PredictionProperties.class, HttpProperties.class})
    @Import({RecommendationConfiguration.class, PredictionConfiguration.class})
    public static class RatingsOverTinyModel {
        @Bean
        io.mfrecommender.ratings.TinyRatings tinyRatings() throws java.io.IOException {
            return new io.mfrecommender.ratings.TinyRatings(java.nio.file.Files.createTempDirectory("ratings-slice"));
        }

        @Bean
        ServedVersion modelRegistry(io.mfrecommender.ratings.TinyRatings tiny) {
            return tiny.registry;
        }

        @Bean
        io.mfrecommender.ratings.RatingsService ratingsService(io.mfrecommender.ratings.TinyRatings tiny) {
            return tiny.service;
        }
    }
}
