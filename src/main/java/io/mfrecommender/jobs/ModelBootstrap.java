package io.mfrecommender.jobs;

import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.Split;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.model.ModelRegistry;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.EpochReport;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.TrainingParameters;
import io.mfrecommender.training.VersionTrainer;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the first model up: loads the configured ratings, then loads the active saved version or
 * trains, saves and activates a new one, as {@code recommender.models.startup-mode} says. Runs
 * off the main thread, so the HTTP server is up at once and answers 503 until the model is ready.
 */
public final class ModelBootstrap {

    private static final Logger log = LoggerFactory.getLogger(ModelBootstrap.class);

    private final DataSourceLoader dataLoader;
    private final ActiveModels active;
    private final ModelProperties.StartupMode mode;
    private final ModelRecipe recipe;
    private final double holdout;

    /**
     * @param holdout share of the ratings held out from training and scored, as training jobs do,
     *                so that the first version and later ones are judged on the same ratings
     */
    public ModelBootstrap(
            DataSourceLoader dataLoader,
            ActiveModels active,
            ModelProperties.StartupMode mode,
            ModelRecipe recipe,
            double holdout) {
        this.dataLoader = dataLoader;
        this.active = active;
        this.mode = mode;
        this.recipe = recipe;
        this.holdout = holdout;
    }

    /** Runs the startup sequence; throws when no model could be made active. */
    public ServingModel run() {
        ModelRegistry registry = active.registry();
        ModelStore store = active.models().store();
        int leftovers = store.removeLeftovers();
        if (leftovers > 0) {
            log.warn("Removed {} unfinished model directories left by an interrupted save or delete", leftovers);
        }
        long start = System.nanoTime();
        registry.reportStatus("starting the ND4J backend");
        String backend = io.mfrecommender.linalg.Nd4jBackend.start();
        log.info("Startup phase nd4j: backend {} ready in {} s", backend, seconds(start));
        registry.reportStatus("loading ratings");
        LoadedData data = dataLoader.load();
        FactorModel model = switch (mode) {
            case LOAD ->
                loadActive()
                        .orElseThrow(() -> new IllegalStateException(
                                "startup mode is 'load' but " + store.root() + " has no active model; train one first "
                                        + "(startup-mode load-or-train, or the train command with --output)"));
            case TRAIN -> train(data);
            case LOAD_OR_TRAIN -> loadActive().orElseGet(() -> train(data));
        };
        long activation = System.nanoTime();
        ServingModel serving = active.serve(model, data);
        log.info(
                "Startup phase activate: {} served in {} s; ready {} s after the model bootstrap began",
                model.version(),
                seconds(activation),
                seconds(start));
        return serving;
    }

    private static String seconds(long since) {
        return String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - since) / 1e9);
    }

    private Optional<FactorModel> loadActive() {
        ModelStore store = active.models().store();
        Optional<String> version = store.activeVersion();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        active.registry().reportStatus("loading model " + version.get());
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

    private FactorModel train(LoadedData loaded) {
        if (!active.models().store().writable()) {
            throw new IllegalStateException("the models directory is read-only (recommender.models.read-only, or a "
                    + "read-only filesystem), so this instance cannot train and save a version; a replica loads the "
                    + "active version its owner saved");
        }
        PostedRatings.Snapshot snapshot = active.trainingData(loaded);
        LoadedData data = snapshot.data();
        TrainingParameters parameters = recipe.rating();
        // Shown to clients in 503s and health: the data by name, never by path.
        active.registry()
                .reportStatus("training a " + parameters.algorithm().id() + " model on "
                        + io.mfrecommender.model.ModelManifest.stripPaths(data.description()));
        log.info(
                "Startup phase model: training {} (k={}){} on {}",
                parameters.algorithm().id(),
                parameters.factors(),
                recipe.rankerParameters()
                        .map(r -> " and the ials ranker (k=" + r.factors() + ")")
                        .orElse(""),
                data.description());
        ModelService models = active.models();
        long start = System.nanoTime();
        Split split = ModelService.holdout(data.ratings(), holdout, parameters.seed());
        VersionTrainer.Trained trained = models.train(split.train(), recipe, this::logEpoch, Cancellation.NONE);
        Map<String, Object> heldOut = ModelService.heldOutMetrics(trained.model(), split.train(), split.test());
        FactorModel saved = models.save(
                trained,
                data.description(),
                ModelService.asManifestEvaluation(heldOut, split.test().size()),
                snapshot.through());
        StringBuilder metrics = new StringBuilder();
        heldOut.forEach((name, value) -> metrics.append(metrics.isEmpty() ? "" : ", ")
                .append(name)
                .append(' ')
                .append(value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.4f", d) : value));
        log.info(
                "Startup phase model: trained, judged and saved {} in {} s (rating model {} s{}); on {} held-out "
                        + "ratings: {}",
                saved.version(),
                seconds(start),
                String.format(java.util.Locale.ROOT, "%.1f", trained.rating().trainSeconds()),
                trained.ranker() == null
                        ? ""
                        : String.format(
                                java.util.Locale.ROOT,
                                ", ranker %.1f s with validation NDCG@10 %.3f",
                                trained.ranker().trainSeconds(),
                                trained.ranker().validationNdcg()),
                split.test().size(),
                metrics);
        return saved;
    }

    private void logEpoch(EpochReport report) {
        log.info("Startup training: {}", report.summary());
    }
}
