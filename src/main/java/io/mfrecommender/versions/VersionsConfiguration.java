package io.mfrecommender.versions;

import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.index.ItemIndex;
import io.mfrecommender.model.ModelEvaluation;
import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.pytorch.StateDictReader;
import io.mfrecommender.training.AlsParameters;
import io.mfrecommender.training.EventWeights;
import io.mfrecommender.training.TrainingProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the model store, the served version, the pipeline, the startup bootstrap and the served version's metrics. */
@Configuration(proxyBeanMethods = false)
class VersionsConfiguration {

    @Bean
    ModelStore modelStore(ModelProperties modelProperties) {
        return new ModelStore(modelProperties.directory(), modelProperties.readOnly());
    }

    @Bean
    ServedVersion servedVersion() {
        return new ServedVersion();
    }

    @Bean
    ModelVersions modelVersions(
            ModelStore store,
            ServedVersion served,
            ServingProperties servingProperties,
            ModelProperties modelProperties,
            PostedRatings posted) {
        return new ModelVersions(
                store,
                served,
                servingProperties.popularity(),
                servingProperties.popularDamping(),
                modelProperties.retain(),
                posted,
                modelProperties.serveMismatchedData());
    }

    /** State-dict imports: the configured ranker's parameters when one is asked for (the defaults under adam). */
    @Bean
    PthImports pthImports(
            ModelStore store,
            TrainingProperties trainingProperties,
            ModelProperties modelProperties,
            ObjectProvider<MeterRegistry> meters) {
        AlsParameters ranker = trainingProperties.toRecipe().ranker();
        PthImports imports = new PthImports(
                store,
                StateDictReader.Limits.DEFAULTS.withMaxFileBytes(modelProperties.maxImportBytes()),
                ranker != null ? ranker : AlsParameters.defaults(),
                modelProperties.maxConcurrentExports(),
                modelProperties.importMemoryBudget());
        meters.ifAvailable(
                registry -> Gauge.builder("recommender.models.exports.active", imports, PthImports::activeExports)
                        .description("GET /models/{version}/pth being written now")
                        .register(registry));
        return imports;
    }

    @Bean
    VersionPipeline versionPipeline(ModelStore store, ObjectProvider<EventWeights> events) {
        return new VersionPipeline(store, events.getIfAvailable(() -> EventWeights.DEFAULTS));
    }

    @Bean
    ModelBootstrap modelBootstrap(
            DataSourceLoader dataLoader,
            ModelVersions versions,
            VersionPipeline pipeline,
            ModelProperties modelProperties,
            TrainingProperties trainingProperties) {
        return new ModelBootstrap(
                dataLoader,
                versions,
                pipeline,
                modelProperties.startupMode(),
                TrainingPlan.configured(trainingProperties, modelProperties.holdout()));
    }

    /**
     * Gauges of the served version, read at every scrape: {@code recommender.model.age} (seconds
     * since training), {@code .users}, {@code .items}, {@code .factors}, {@code .active} (1, tagged
     * with the version) and the figures of its manifest (NaN where it has none, or before a version
     * is served).
     */
    @Bean
    MeterBinder servedVersionMetrics(ServedVersion served) {
        return meters -> {
            Gauge.builder(
                            "recommender.model.age",
                            served,
                            s -> s.find()
                                    .map(m -> (double) Duration.between(
                                                    m.model().manifest().createdAt(), Instant.now())
                                            .toSeconds())
                                    .orElse(Double.NaN))
                    .baseUnit("seconds")
                    .description("Seconds since the active model was trained")
                    .register(meters);
            Gauge.builder(
                            "recommender.model.users",
                            served,
                            s -> s.find()
                                    .map(m -> (double) m.model().users().size())
                                    .orElse(Double.NaN))
                    .register(meters);
            Gauge.builder(
                            "recommender.model.items",
                            served,
                            s -> s.find()
                                    .map(m -> (double) m.model().items().size())
                                    .orElse(Double.NaN))
                    .register(meters);
            Gauge.builder(
                            "recommender.model.factors",
                            served,
                            s -> s.find().map(m -> (double) m.model().factors()).orElse(Double.NaN))
                    .register(meters);
            MultiGauge version = MultiGauge.builder("recommender.model.active")
                    .description("1, tagged with the version being served")
                    .register(meters);
            served.onActivation(model ->
                    version.register(List.of(MultiGauge.Row.of(Tags.of("version", model.version()), 1)), true));
            figure(
                    meters,
                    served,
                    "recommender.model.validation.rmse",
                    ModelEvaluation::validationRmse,
                    "The active rating model's RMSE on its validation slice at the best epoch, measured before the "
                            + "refit on all training ratings (NaN when the manifest has none)");
            figure(
                    meters,
                    served,
                    "recommender.model.heldout.rmse",
                    ModelEvaluation::heldOutRmse,
                    "RMSE of the active version on the ratings held out from its training (NaN when there were none)");
            figure(
                    meters,
                    served,
                    "recommender.model.heldout.mae",
                    ModelEvaluation::heldOutMae,
                    "MAE of the active version on its held-out ratings (NaN when there were none)");
            figure(
                    meters,
                    served,
                    "recommender.model.heldout.ndcg",
                    ModelEvaluation::heldOutNdcgAtK,
                    "NDCG@10 of the active version's recommendations on its held-out ratings (NaN when there were "
                            + "none)");
            figure(
                    meters,
                    served,
                    "recommender.model.heldout.coverage",
                    ModelEvaluation::heldOutCoverage,
                    "Share of the catalogue in at least one held-out user's top 10 of the active version (NaN "
                            + "when not measured)");
        };
    }

    private static void figure(
            MeterRegistry meters,
            ServedVersion served,
            String name,
            Function<ModelEvaluation, Double> figure,
            String description) {
        Gauge.builder(
                        name,
                        served,
                        s -> s.find()
                                .map(m -> figure.apply(m.model().manifest().evaluation()))
                                .orElse(Double.NaN))
                .description(description)
                .register(meters);
    }

    /**
     * A replica (read-only models directory) follows the owner's {@code ACTIVE}; the owner does not
     * need to. {@code recommender.models.follow.failing}: 1 while the owner's version cannot be served here.
     */
    @Bean(destroyMethod = "close")
    ActiveVersionFollower activeVersionFollower(
            ModelVersions versions,
            ModelStore store,
            ModelProperties modelProperties,
            ObjectProvider<MeterRegistry> registry) {
        MeterRegistry meters = registry.getIfAvailable(SimpleMeterRegistry::new);
        ActiveVersionFollower follower = new ActiveVersionFollower(
                versions, store, store.writable() ? null : modelProperties.followInterval(), Clock.systemUTC());
        Gauge.builder(
                        "recommender.models.follow.failing",
                        follower,
                        f -> f.failure().isPresent() ? 1 : 0)
                .description("1 while this replica cannot serve the version the owner activated (it serves the "
                        + "previous one), else 0")
                .register(meters);
        return follower;
    }

    /**
     * Named "modelVersion": the served version, and on a replica that cannot serve the owner's new
     * version, which one and since when (UP: the previous version still answers; the log says why).
     */
    @Bean
    HealthIndicator modelVersionHealthIndicator(ServedVersion served, ActiveVersionFollower follower) {
        return () -> {
            Health.Builder health = Health.up()
                    .withDetail("served", served.find().map(m -> m.version()).orElse("none"));
            follower.failure()
                    .ifPresent(failure -> health.withDetail("following", "failing")
                            .withDetail("activeVersion", failure.version())
                            .withDetail("since", failure.at().toString()));
            return health.build();
        };
    }

    /**
     * The served version's approximate item index ({@code recommender.serving.index.*}), built or
     * opened off the request path. {@code recommender.index.ready}: 1 while the served version's
     * lists go through its index, 0 while every item is scanned; {@code recommender.index.build}:
     * seconds the last build here took (NaN when the index was opened from disk or not needed).
     */
    @Bean(destroyMethod = "close")
    ItemIndexes itemIndexes(
            ModelVersions versions,
            ServingProperties servingProperties,
            TrainingProperties trainingProperties,
            ObjectProvider<MeterRegistry> registry) {
        var index = servingProperties.index();
        Integer training = trainingProperties.threads();
        int threads = index.threads() != null
                ? index.threads()
                : training != null ? training : Runtime.getRuntime().availableProcessors();
        ItemIndexes indexes = new ItemIndexes(
                versions,
                index.enabled(),
                index.minItems(),
                new ItemIndex.Shape(index.maxConnections(), index.beamWidth()),
                threads);
        MeterRegistry meters = registry.getIfAvailable(SimpleMeterRegistry::new);
        Gauge.builder("recommender.index.ready", indexes, i -> i.status().state() == ItemIndexes.State.READY ? 1 : 0)
                .description("1 while top-N and similar movies go through the served version's approximate index, "
                        + "0 while every movie is scanned (small catalogue, index building, or failed)")
                .register(meters);
        Gauge.builder(
                        "recommender.index.build",
                        indexes,
                        i -> i.status().built() == null
                                ? Double.NaN
                                : i.status().built().toMillis() / 1000.0)
                .baseUnit("seconds")
                .description("How long building the served version's index took here (NaN: opened from disk or none)")
                .register(meters);
        return indexes;
    }

    /** {@code /actuator/info} shows the served version's manifest. */
    @Bean
    InfoContributor activeModelInfo(ServedVersion served) {
        return builder -> served.find()
                .ifPresentOrElse(
                        model -> builder.withDetail(
                                "model", model.model().manifest().withoutPaths()),
                        () -> builder.withDetail("model", Map.of("status", served.status())));
    }
}
