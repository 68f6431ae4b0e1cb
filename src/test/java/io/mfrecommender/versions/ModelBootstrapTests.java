package io.mfrecommender.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mfrecommender.api.ConflictException;
import io.mfrecommender.data.DataProperties;
import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.model.ModelProperties.StartupMode;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.system.ModelHealthIndicator;
import io.mfrecommender.training.AlsParameters;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.SgdParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

class ModelBootstrapTests {

    @TempDir
    Path dir;

    private DataSourceLoader loader;
    private ModelStore store;
    private final ServedVersion registry = new ServedVersion();
    private final ModelRecipe recipe = new ModelRecipe(
            SgdParameters.defaults().with(Map.of("factors", 8, "epochs", 5)),
            AlsParameters.defaults().with(Map.of("factors", 4, "epochs", 3)));

    @BeforeEach
    void data() throws IOException {
        Path ratings = dir.resolve("ratings.dat");
        new SyntheticRatings(200, 100, 5_000, 3, 0.5, 0.5, 0.5, 1).writeTo(ratings);
        loader = new DataSourceLoader(new DataProperties(
                DataProperties.Source.FILE, ratings, null, dir, ParseMode.STRICT, null, null, null, null));
        store = new ModelStore(dir.resolve("models"));
    }

    private ModelBootstrap bootstrap(StartupMode mode) {
        return bootstrap(versions(store, registry), mode);
    }

    private static ModelVersions versions(ModelStore store, ServedVersion served) {
        return new ModelVersions(store, served, Popularity.COUNT, 10, 5, PostedRatings.NONE);
    }

    /** What startup trains: the recipe, 10% held out with its seed, served once saved. */
    private ModelBootstrap bootstrap(ModelVersions versions, StartupMode mode) {
        return new ModelBootstrap(
                loader,
                versions,
                new VersionPipeline(versions.store()),
                mode,
                new TrainingPlan(
                        recipe,
                        HoldOut.service(0.1, recipe.rating().seed()),
                        TrainingPlan.RANKING_K,
                        ActivationPolicy.ALWAYS));
    }

    @Test
    void loadModeWithoutAModelFailsAndStaysNotReady() {
        ModelHealthIndicator health = new ModelHealthIndicator(registry, () -> ItemIndexes.Status.NONE);
        assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThatThrownBy(() -> bootstrap(StartupMode.LOAD).run()).hasMessageContaining("has no active model");
        assertThat(registry.find()).isEmpty();
    }

    @Test
    void loadOrTrainTrainsSavesAndActivatesThenLoadsTheSameVersionNextTime() {
        ServingModel first = bootstrap(StartupMode.LOAD_OR_TRAIN).run();
        assertThat(store.activeVersion()).hasValue(first.version());
        assertThat(registry.current().version()).isEqualTo(first.version());
        assertThat(new ModelHealthIndicator(registry, () -> ItemIndexes.Status.NONE)
                        .health()
                        .getStatus())
                .isEqualTo(Status.UP);
        assertThat(first.model().manifest().dataset()).endsWith("ratings.dat");

        ServedVersion restarted = new ServedVersion();
        ServingModel second =
                bootstrap(versions(store, restarted), StartupMode.LOAD_OR_TRAIN).run();
        assertThat(second.version()).isEqualTo(first.version());
        assertThat(second.model().userVector(0)).isEqualTo(first.model().userVector(0));
        assertThat(second.hasRanker())
                .as("the ranker is saved and loaded with the version")
                .isTrue();
        assertThat(second.model().ranker().orElseThrow().userVector(0))
                .isEqualTo(first.model().ranker().orElseThrow().userVector(0));
    }

    /** A replica: it serves what the owner saved and writes nothing, not even the owner's half-done staging. */
    @Test
    void aReadOnlyModelsDirectoryIsServedButNeverWritten() throws IOException {
        ModelStore readOnly = new ModelStore(dir.resolve("models"), true);
        ModelVersions replica = versions(readOnly, registry);
        for (StartupMode mode : StartupMode.values()) {
            assertThatThrownBy(() -> bootstrap(replica, mode).run())
                    .as(mode.toString())
                    .hasMessageContaining(mode == StartupMode.LOAD ? "has no active model" : "read-only");
        }
        String owned = bootstrap(StartupMode.TRAIN).run().version();
        Path staging = Files.createDirectories(dir.resolve("models").resolve(".staging-owner-saving"));
        ServedVersion replicaRegistry = new ServedVersion();
        ModelVersions served = versions(readOnly, replicaRegistry);
        assertThat(bootstrap(served, StartupMode.LOAD_OR_TRAIN).run().version()).isEqualTo(owned);
        assertThat(staging).isDirectory();
        assertThatThrownBy(() -> served.activate(owned))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("read-only models directory");
        served.applyRetention();
        assertThat(readOnly.list()).hasSize(1);
    }

    @Test
    void trainModeAlwaysMakesANewVersion() {
        String first = bootstrap(StartupMode.TRAIN).run().version();
        String second = bootstrap(StartupMode.TRAIN).run().version();
        assertThat(second).isNotEqualTo(first);
        assertThat(store.activeVersion()).hasValue(second);
    }

    /** All ratings equal: a scale of one value. What was trained and saved is loaded at the next start, not retrained. */
    @Test
    void aVersionTrainedOnOneRatingValueLoadsAtTheNextStart() throws IOException {
        Path ratings = dir.resolve("same.dat");
        StringBuilder lines = new StringBuilder();
        for (int u = 1; u <= 30; u++) {
            for (int m = 1; m <= 5; m++) {
                lines.append(u)
                        .append("::")
                        .append(m + (u % 3))
                        .append("::4::")
                        .append(u * 10 + m)
                        .append('\n');
            }
        }
        Files.writeString(ratings, lines);
        loader = new DataSourceLoader(new DataProperties(
                DataProperties.Source.FILE, ratings, null, dir, ParseMode.STRICT, null, null, null, null));
        ServingModel first = bootstrap(StartupMode.LOAD_OR_TRAIN).run();
        assertThat(first.model().scale().min())
                .isEqualTo(first.model().scale().max())
                .isEqualTo(4.0);
        ServingModel second = bootstrap(versions(store, new ServedVersion()), StartupMode.LOAD_OR_TRAIN)
                .run();
        assertThat(second.version()).isEqualTo(first.version());
        assertThat(store.list()).hasSize(1);
        assertThat(second.model().predict(0, 0)).isEqualTo(4.0);
    }

    /**
     * A version describes the ratings it was trained on: started on other ratings, load mode refuses
     * it, load-or-train trains a new one, activation answers 409, unless the operator says otherwise.
     */
    @Test
    void aVersionTrainedOnOtherRatingsIsRefusedUnlessTheOperatorSaysOtherwise() throws IOException {
        String first = bootstrap(StartupMode.TRAIN).run().version();
        Path other = dir.resolve("other.dat");
        new SyntheticRatings(200, 100, 5_000, 3, 0.5, 0.5, 0.5, 2).writeTo(other);
        loader = new DataSourceLoader(new DataProperties(
                DataProperties.Source.FILE, other, null, dir, ParseMode.STRICT, null, null, null, null));

        assertThatThrownBy(() -> bootstrap(versions(store, new ServedVersion()), StartupMode.LOAD)
                        .run())
                .isInstanceOf(DataMismatchException.class)
                .hasMessageContaining("trained on other ratings")
                .satisfies(e -> assertThat(
                                ((DataMismatchException) e).getBody().getType().toString())
                        .isEqualTo("/problems/model-data-mismatch"));

        ModelVersions versions = versions(store, new ServedVersion());
        String retrained = bootstrap(versions, StartupMode.LOAD_OR_TRAIN).run().version();
        assertThat(retrained).isNotEqualTo(first);
        assertThatThrownBy(() -> versions.activate(first))
                .isInstanceOf(DataMismatchException.class)
                .hasMessageContaining(first);
        assertThat(versions.current().orElseThrow().version()).isEqualTo(retrained);

        ModelVersions anyway =
                new ModelVersions(store, new ServedVersion(), Popularity.COUNT, 10, 5, PostedRatings.NONE, true);
        bootstrap(anyway, StartupMode.LOAD).run();
        assertThat(anyway.activate(first).version()).isEqualTo(first);
    }

    /**
     * A replica follows the owner's ACTIVE without a restart: a new version is loaded and swapped in;
     * one that does not load is not served, the previous one stays, and health and the failure say
     * so until the owner names a version that loads.
     */
    @Test
    void aReplicaFollowsTheOwnersActivationsAndKeepsItsVersionWhenTheNewOneDoesNotLoad() throws IOException {
        String first = bootstrap(StartupMode.TRAIN).run().version();
        ModelStore replicaStore = new ModelStore(dir.resolve("models"), true);
        ServedVersion replicaServed = new ServedVersion();
        ModelVersions replica = versions(replicaStore, replicaServed);
        bootstrap(replica, StartupMode.LOAD).run();
        ActiveVersionFollower follower = new ActiveVersionFollower(replica, replicaStore, null, Clock.systemUTC());
        var health = new VersionsConfiguration().modelVersionHealthIndicator(replicaServed, follower);
        assertThat(replicaServed.current().version()).isEqualTo(first);

        String second = bootstrap(StartupMode.TRAIN).run().version();
        assertThat(second).isNotEqualTo(first);
        follower.check();
        assertThat(replicaServed.current().version()).isEqualTo(second);
        assertThat(follower.failure()).isEmpty();

        Path broken = Files.createDirectories(dir.resolve("models").resolve("broken"));
        try (var files = Files.list(dir.resolve("models").resolve(second))) {
            for (Path file : files.toList()) {
                Files.copy(file, broken.resolve(file.getFileName()));
            }
        }
        Files.write(broken.resolve("item-factors.npy"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("models").resolve("ACTIVE"), "broken");
        follower.check();
        assertThat(replicaServed.current().version())
                .as("the previous version still serves")
                .isEqualTo(second);
        assertThat(follower.failure())
                .hasValueSatisfying(f -> assertThat(f.version()).isEqualTo("broken"));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails())
                .containsEntry("served", second)
                .containsEntry("following", "failing")
                .containsEntry("activeVersion", "broken");

        Files.writeString(dir.resolve("models").resolve("ACTIVE"), first);
        follower.check();
        assertThat(replicaServed.current().version()).isEqualTo(first);
        assertThat(follower.failure()).isEmpty();
        assertThat(health.health().getDetails()).doesNotContainKey("following");
    }
}
