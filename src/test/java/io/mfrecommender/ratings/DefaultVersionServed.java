package io.mfrecommender.ratings;

import io.mfrecommender.data.LoadedData;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.TrainingProperties;
import io.mfrecommender.training.VersionTrainer;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A version trained on {@code data} with the service's default recipe (seed 42, two threads),
 * saved and served as the service serves one, with a journal and the ratings service over it:
 * what tests on real data need to post ratings and read lists.
 */
public final class DefaultVersionServed {

    public final PostedRatingsStore store;
    public final ServedVersion served = new ServedVersion();
    public final ModelVersions versions;
    public final RatingsService ratings;

    /** @param dir where the journal and the models directory go */
    public DefaultVersionServed(LoadedData data, Path dir) {
        store = new PostedRatingsStore(
                new RatingJournal(dir.resolve("journal")),
                Timer.builder("fold-in").register(new SimpleMeterRegistry()));
        ModelStore models = new ModelStore(dir.resolve("models"));
        versions = new ModelVersions(models, served, Popularity.COUNT_TIMES_MEAN, 10, 5, store);
        TrainingProperties defaults = new TrainingProperties(
                Algorithm.SGD,
                null,
                null,
                42,
                2,
                null,
                new TrainingProperties.Ranker(true, null, null, null, null, null, null));
        FactorModel saved = models.save(new VersionTrainer()
                .train(data.ratings(), defaults.toRecipe(), report -> {}, Cancellation.NONE)
                .model());
        versions.serve(saved, data);
        ratings = new RatingsService(
                versions, store, RatingsProperties.journal(null, 1000), new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
