package io.mfrecommender.versions;

import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.linalg.Nd4jBackend;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelEvaluation;
import io.mfrecommender.model.ModelManifest;
import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.training.TrainingParameters;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the first version up: loads the configured ratings, then loads the active saved version
 * or makes one with the {@link VersionPipeline}, as {@code recommender.models.startup-mode} says,
 * and serves it. Runs off the main thread, so the HTTP server is up at once and answers 503 until
 * the model is ready.
 */
public final class ModelBootstrap {

    private static final Logger log = LoggerFactory.getLogger(ModelBootstrap.class);

    private final DataSourceLoader dataLoader;
    private final ModelVersions versions;
    private final VersionPipeline pipeline;
    private final ModelProperties.StartupMode mode;
    private final TrainingPlan plan;

    /** @param plan what to train when there is nothing to load ({@link TrainingPlan#configured}: activation always) */
    public ModelBootstrap(
            DataSourceLoader dataLoader,
            ModelVersions versions,
            VersionPipeline pipeline,
            ModelProperties.StartupMode mode,
            TrainingPlan plan) {
        this.dataLoader = dataLoader;
        this.versions = versions;
        this.pipeline = pipeline;
        this.mode = mode;
        this.plan = plan;
    }

    /** Runs the startup sequence; throws when no model could be made active. */
    public ServingModel run() {
        ServedVersion served = versions.served();
        ModelStore store = versions.store();
        int leftovers = store.removeLeftovers();
        if (leftovers > 0) {
            log.warn("Removed {} unfinished model directories left by an interrupted save or delete", leftovers);
        }
        long start = System.nanoTime();
        served.reportStatus("starting the ND4J backend");
        String backend = Nd4jBackend.start();
        log.info("Startup phase nd4j: backend {} ready in {} s", backend, seconds(start));
        served.reportStatus("loading ratings");
        LoadedData data = dataLoader.load();
        Optional<FactorModel> loaded = mode == ModelProperties.StartupMode.TRAIN ? Optional.empty() : loadActive();
        if (loaded.isEmpty() && mode == ModelProperties.StartupMode.LOAD) {
            throw new IllegalStateException("startup mode is 'load' but " + store.root() + " has no active model; "
                    + "train one first (startup-mode load-or-train, or the train command with --output)");
        }
        if (loaded.isPresent()) {
            try {
                return serve(loaded.get(), data, start);
            } catch (DataMismatchException e) {
                if (mode == ModelProperties.StartupMode.LOAD) {
                    throw e;
                }
                log.warn(
                        "{}; training a new one on the loaded data", e.getBody().getDetail());
            }
        }
        return train(data, start);
    }

    private ServingModel serve(FactorModel model, LoadedData data, long start) {
        long activation = System.nanoTime();
        ServingModel serving = versions.serve(model, data);
        log.info(
                "Startup phase activate: {} served in {} s; ready {} s after the model bootstrap began",
                serving.version(),
                seconds(activation),
                seconds(start));
        return serving;
    }

    private static String seconds(long since) {
        return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - since) / 1e9);
    }

    private Optional<FactorModel> loadActive() {
        ModelStore store = versions.store();
        Optional<String> version = store.activeVersion();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        versions.served().reportStatus("loading model " + version.get());
        long start = System.nanoTime();
        try {
            FactorModel model = store.load(version.get());
            log.info(
                    "Startup phase model: loaded {} ({}, k={}, {} users, {} movies) in {} s",
                    model.version(),
                    model.manifest().algorithm(),
                    model.factors(),
                    model.users().size(),
                    model.items().size(),
                    seconds(start));
            return Optional.of(model);
        } catch (RuntimeException e) {
            if (mode == ModelProperties.StartupMode.LOAD) {
                throw e;
            }
            log.warn("Active model {} could not be loaded ({}); training a new one", version.get(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The plan run through the pipeline on the data and the journal; the version it saves is served. */
    private ServingModel train(LoadedData loaded, long bootstrapStart) {
        if (!versions.store().writable()) {
            throw new IllegalStateException("the models directory is read-only (recommender.models.read-only, or a "
                    + "read-only filesystem), so this instance cannot train and save a version; a replica loads the "
                    + "active version its owner saved");
        }
        PostedRatings.Snapshot data = versions.trainingData(loaded);
        TrainingParameters parameters = plan.recipe().rating();
        // Shown to clients in 503s and health: the data by name, never by path.
        versions.served()
                .reportStatus("training a " + parameters.algorithm().id() + " model on "
                        + ModelManifest.stripPaths(data.data().description()));
        log.info(
                "Startup phase model: training {} (k={}){} on {}",
                parameters.algorithm().id(),
                parameters.factors(),
                plan.recipe()
                        .rankerParameters()
                        .map(r -> " and the ials ranker (k=" + r.factors() + ")")
                        .orElse(""),
                data.data().description());
        long start = System.nanoTime();
        pipeline.run(
                plan,
                data,
                null,
                VersionPipeline.Steps.of(report -> log.info("Startup training: {}", report.summary()), () -> false),
                saved -> {
                    logSaved(saved, start);
                    serve(saved, loaded, bootstrapStart);
                });
        return versions.served().current();
    }

    private static void logSaved(FactorModel saved, long start) {
        ModelEvaluation figures = saved.manifest().evaluation();
        log.info(
                "Startup phase model: trained, judged and saved {} in {} s (rating model {} s{}); on {} held-out "
                        + "ratings: rmse {}, mae {}, ndcgAtK {}",
                saved.version(),
                seconds(start),
                decimal(figures.trainSeconds(), "%.1f"),
                saved.ranker()
                        .map(r ->
                                ", ranker " + decimal(r.manifest().evaluation().trainSeconds(), "%.1f")
                                        + " s with validation NDCG@10 "
                                        + decimal(r.manifest().evaluation().validationNdcg(), "%.3f"))
                        .orElse(""),
                figures.heldOutRatings(),
                decimal(figures.heldOutRmse(), "%.4f"),
                decimal(figures.heldOutMae(), "%.4f"),
                decimal(figures.heldOutNdcgAtK(), "%.4f"));
    }

    private static String decimal(Double value, String format) {
        return value == null ? "n/a" : String.format(Locale.ROOT, format, value);
    }
}
