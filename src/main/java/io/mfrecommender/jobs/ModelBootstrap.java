package io.mfrecommender.jobs;

import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.model.ModelRegistry;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.EpochReport;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.TrainingParameters;
import io.mfrecommender.training.VersionTrainer;
import io.mfrecommender.training.TrainingResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the first model up: loads the configured ratings, then loads the active saved model or
 * trains, saves and activates a new one, as {@code recommender.models.startup-mode} says. Runs
 * off the main thread, so the HTTP server is up at once and answers 503 until the model is ready.
 */
public final class ModelBootstrap {

    private static final Logger log = LoggerFactory.getLogger(ModelBootstrap.class);

    private final DataSourceLoader dataLoader;
    private final ModelStore store;
    private final ModelService models;
    private final ModelRegistry registry;
    private final ModelProperties.StartupMode mode;
    private final ModelRecipe recipe;
    private final Popularity popularity;
    private final double popularDamping;

    public ModelBootstrap(DataSourceLoader dataLoader, ModelStore store, ModelRegistry registry,
                          ModelProperties.StartupMode mode, ModelRecipe recipe, Popularity popularity,
                          double popularDamping) {
        this.dataLoader = dataLoader;
        this.store = store;
        this.models = new ModelService(store);
        this.registry = registry;
        this.mode = mode;
        this.recipe = recipe;
        this.popularity = popularity;
        this.popularDamping = popularDamping;
    }

    /** Runs the startup sequence; throws when no model could be made active. */
    public ServingModel run() {
        registry.reportStatus("loading ratings");
        LoadedData data = dataLoader.load();
        FactorModel model = switch (mode) {
            case LOAD -> loadActive().orElseThrow(() -> new IllegalStateException(
                    "startup mode is 'load' but " + store.root() + " has no active model; train one first "
                            + "(startup-mode load-or-train, or the train command with --output)"));
            case TRAIN -> train(data);
            case LOAD_OR_TRAIN -> loadActive().orElseGet(() -> train(data));
        };
        registry.reportStatus("indexing model " + model.version());
        ServingModel serving = new ServingModel(model, data.ratings(), data.catalog(), popularity, popularDamping);
        registry.activate(serving);
        log.info("Serving model {} ({}, k={}, {} users, {} movies; recommendations ranked by {})", model.version(),
                model.manifest().algorithm(), model.factors(), model.users().size(), model.items().size(),
                model.ranker().map(r -> r.manifest().algorithm() + " k=" + r.factors()).orElse("predicted rating"));
        return serving;
    }

    private Optional<FactorModel> loadActive() {
        Optional<String> version = store.activeVersion();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        registry.reportStatus("loading model " + version.get());
        try {
            return Optional.of(store.load(version.get()));
        } catch (RuntimeException e) {
            if (mode == ModelProperties.StartupMode.LOAD) {
                throw e;
            }
            log.warn("Active model {} could not be loaded ({}); training a new one", version.get(), e.getMessage());
            return Optional.empty();
        }
    }

    private FactorModel train(LoadedData data) {
        TrainingParameters parameters = recipe.rating();
        registry.reportStatus("training a " + parameters.algorithm().id() + " model on " + data.description());
        log.info("Training {} (k={}){} on {}", parameters.algorithm().id(), parameters.factors(),
                recipe.rankerParameters().map(r -> " and the ials ranker (k=" + r.factors() + ")").orElse(""),
                data.description());
        VersionTrainer.Trained trained = models.train(data.ratings(), recipe, this::logEpoch, Cancellation.NONE);
        FactorModel saved = models.save(trained, data.description(), Map.of());
        models.markActive(saved.version());
        log.info("Trained and saved model {} in {} s{}", saved.version(),
                String.format("%.1f", trained.rating().trainSeconds()),
                trained.ranker() == null ? "" : String.format(" (ranker %.1f s, validation NDCG@10 %.3f)",
                        trained.ranker().trainSeconds(), trained.ranker().validationNdcg()));
        return saved;
    }

    private void logEpoch(EpochReport report) {
        log.debug("{} {} {}: train loss {}, validation RMSE {}, NDCG@10 {}", report.model(),
                report.refit() ? "refit epoch" : "epoch", report.epoch(), report.trainLoss(), report.validationRmse(),
                report.validationNdcg());
    }
}
