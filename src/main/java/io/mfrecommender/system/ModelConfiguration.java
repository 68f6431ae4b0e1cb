package io.mfrecommender.system;

import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.RatingJournal;
import io.mfrecommender.jobs.ActiveModels;
import io.mfrecommender.jobs.ModelBootstrap;
import io.mfrecommender.jobs.ModelService;
import io.mfrecommender.jobs.TrainingJobs;
import io.mfrecommender.model.ModelRegistry;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.ratings.RatingsService;
import io.mfrecommender.training.ServerTraining;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the model store, the active-model registry, its readiness indicator and the startup bootstrap. */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

    /** Says once, at startup, when the JVM runs without the Vector API and so 2-3x slower; before the bootstrap starts. */
    @Bean
    @org.springframework.core.annotation.Order(0)
    ApplicationRunner vectorApiCheck() {
        return args -> {
            if (!io.mfrecommender.linalg.Simd.AVAILABLE) {
                log.warn("The JDK's Vector API is off: training and scoring run plain Java loops, 2-3x slower. "
                        + "Start the JVM with --add-modules jdk.incubator.vector (unless -Dmf.simd=false was meant)");
            } else {
                log.info("Vector API on: {} kernels", io.mfrecommender.linalg.Simd.kernelName());
            }
        };
    }

    @Bean
    ModelStore modelStore(RecommenderProperties properties) {
        return new ModelStore(
                properties.models().directory(), properties.models().readOnly());
    }

    @Bean
    ModelRegistry modelRegistry() {
        return new ModelRegistry();
    }

    /** Named "model": part of the readiness group (see application.yml). */
    @Bean
    ModelHealthIndicator modelHealthIndicator(ModelRegistry registry) {
        return new ModelHealthIndicator(registry);
    }

    /**
     * Gauges of the active model, read at every scrape: {@code recommender.model.age} (seconds
     * since training), {@code .users}, {@code .items}, {@code .factors} and {@code .validation.rmse}
     * (NaN when the manifest has none, or before a model is active).
     */
    @Bean
    MeterBinder activeModelMetrics(ModelRegistry registry) {
        return meters -> {
            Gauge.builder(
                            "recommender.model.age",
                            registry,
                            r -> r.find()
                                    .map(m -> (double) java.time.Duration.between(
                                                    m.model().manifest().createdAt(), java.time.Instant.now())
                                            .toSeconds())
                                    .orElse(Double.NaN))
                    .baseUnit("seconds")
                    .description("Seconds since the active model was trained")
                    .register(meters);
            Gauge.builder(
                            "recommender.model.users",
                            registry,
                            r -> r.find()
                                    .map(m -> (double) m.model().users().size())
                                    .orElse(Double.NaN))
                    .register(meters);
            Gauge.builder(
                            "recommender.model.items",
                            registry,
                            r -> r.find()
                                    .map(m -> (double) m.model().items().size())
                                    .orElse(Double.NaN))
                    .register(meters);
            Gauge.builder(
                            "recommender.model.factors",
                            registry,
                            r -> r.find().map(m -> (double) m.model().factors()).orElse(Double.NaN))
                    .register(meters);
            io.micrometer.core.instrument.MultiGauge version = io.micrometer.core.instrument.MultiGauge.builder(
                            "recommender.model.active")
                    .description("1, tagged with the version being served")
                    .register(meters);
            registry.onActivation(model -> version.register(
                    java.util.List.of(io.micrometer.core.instrument.MultiGauge.Row.of(
                            io.micrometer.core.instrument.Tags.of("version", model.version()), 1)),
                    true));
            Gauge.builder("recommender.model.validation.rmse", registry, r -> manifestMetric(r, "validationRmse"))
                    .description("The active rating model's RMSE on its validation slice at the best epoch, measured "
                            + "before the refit on all training ratings (NaN when the manifest has none)")
                    .register(meters);
            Gauge.builder("recommender.model.heldout.rmse", registry, r -> manifestMetric(r, "heldOutRmse"))
                    .description("RMSE of the active version on ratings held out from its training by the job that "
                            + "made it (NaN for versions trained on all ratings)")
                    .register(meters);
            Gauge.builder("recommender.model.heldout.mae", registry, r -> manifestMetric(r, "heldOutMae"))
                    .description("MAE of the active version on its held-out ratings (NaN when there were none)")
                    .register(meters);
            Gauge.builder("recommender.model.heldout.ndcg", registry, r -> manifestMetric(r, "heldOutNdcgAtK"))
                    .description("NDCG@10 of the active version's recommendations on its held-out ratings (NaN when "
                            + "there were none)")
                    .register(meters);
        };
    }

    private static double manifestMetric(ModelRegistry registry, String name) {
        return registry.find()
                .map(m -> m.model().manifest().evaluation().get(name))
                .filter(Number.class::isInstance)
                .map(v -> ((Number) v).doubleValue())
                .orElse(Double.NaN);
    }

    /** {@code /actuator/info} shows the active model's manifest. */
    @Bean
    InfoContributor activeModelInfo(ModelRegistry registry) {
        return builder -> registry.find()
                .ifPresentOrElse(
                        model -> builder.withDetail(
                                "model", model.model().manifest().withoutPaths()),
                        () -> builder.withDetail("model", java.util.Map.of("status", registry.status())));
    }

    @Bean
    ModelService modelService(ModelStore store) {
        return new ModelService(store);
    }

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
    ActiveModels activeModels(
            ModelService models, ModelRegistry registry, RecommenderProperties properties, PostedRatingsStore posted) {
        return new ActiveModels(
                models,
                registry,
                properties.serving().popularity(),
                properties.serving().popularDamping(),
                properties.models().retain(),
                posted);
    }

    @Bean
    RatingsService ratingsService(
            ActiveModels active,
            PostedRatingsStore store,
            RecommenderProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        Gauge.builder(
                        "recommender.ratings.folded.users",
                        active.registry(),
                        r -> r.find().map(m -> (double) m.overlay().size()).orElse(Double.NaN))
                .description("Users folded into the served version from ratings posted since its training")
                .register(registry);
        return new RatingsService(active, store, properties.ratings(), registry, java.time.Clock.systemUTC());
    }

    /** Training jobs; closing the context cancels a running one and records it. */
    @Bean
    TrainingJobs trainingJobs(
            DataSourceLoader dataLoader,
            ActiveModels active,
            RecommenderProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        // Inside the server, SGD helpers must not hold cores the request threads need.
        ServerTraining.preferParking();
        return new TrainingJobs(
                dataLoader::load,
                active,
                properties.training(),
                properties.jobs(),
                properties.models().directory().resolve("jobs"),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    ModelBootstrap modelBootstrap(DataSourceLoader dataLoader, ActiveModels active, RecommenderProperties properties) {
        return new ModelBootstrap(
                dataLoader,
                active,
                properties.models().startupMode(),
                properties.training().toRecipe(),
                properties.jobs().holdout());
    }

    /**
     * Starts the bootstrap on its own thread once the context is up. If no model can be made
     * active (data that cannot be loaded, a saved model {@code load} mode cannot use, or any
     * error at all) the process logs one line saying why and exits with status 1: a service that
     * stays up unready forever helps nobody. {@code System.exit} runs the shutdown hook that
     * closes the context, so the status is 1 however quickly the other threads end.
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    ApplicationRunner modelStartup(ModelBootstrap bootstrap, ModelRegistry registry) {
        return args -> {
            Thread thread = new Thread(new StartupRunner(bootstrap::run, registry, System::exit), "model-bootstrap");
            thread.setDaemon(true);
            thread.start();
        };
    }
}
