package io.mfrecommender.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mfrecommender.benchmark.SyntheticCatalogue;
import io.mfrecommender.data.LoadReport;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.RatingFormat;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.UserOverlay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index's lifecycle beside a version: built off the request path, stored, opened after a restart, rebuilt when damaged. */
class ItemIndexesTests {

    @TempDir
    Path dir;

    private SyntheticCatalogue.Generated catalogue;
    private LoadedData data;
    private ModelStore store;
    private String version;

    @BeforeEach
    void saveAVersion() {
        catalogue = new SyntheticCatalogue(3_000, 8, 100, 9).generate();
        data = new LoadedData(
                "synthetic",
                catalogue.ratings(),
                new LoadReport(
                        "synthetic",
                        RatingFormat.DOUBLE_COLON,
                        catalogue.ratings().size(),
                        catalogue.ratings().size(),
                        0,
                        0,
                        List.of()),
                catalogue.catalog());
        store = new ModelStore(dir.resolve("models"));
        version = store.save(catalogue.model()).version();
    }

    /** One service instance: its served version, lifecycle and index worker. */
    private record Instance(ModelVersions versions, ItemIndexes indexes) {}

    private Instance start(int minItems) {
        ModelVersions versions =
                new ModelVersions(store, new ServedVersion(), Popularity.COUNT, 10, 5, PostedRatings.NONE);
        ItemIndexes indexes = new ItemIndexes(versions, true, minItems, 2);
        FactorModel model = store.load(version);
        versions.serve(model, data);
        return new Instance(versions, indexes);
    }

    private static void awaitState(Instance instance, ItemIndexes.State state) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> instance.indexes().status().state() == state);
    }

    @Test
    void builtAfterActivationStoredWithTheVersionAndOpenedAfterARestart() {
        Instance first = start(1);
        awaitState(first, ItemIndexes.State.READY);
        assertThat(first.versions().current().orElseThrow().index()).isPresent();
        assertThat(first.indexes().status().built()).isNotNull();
        assertThat(first.indexes().status().opened()).isNull();
        assertThat(store.itemIndexDirectory(version)).isDirectory();
        first.indexes().close();

        Instance restarted = start(1);
        awaitState(restarted, ItemIndexes.State.READY);
        assertThat(restarted.versions().current().orElseThrow().index()).isPresent();
        assertThat(restarted.indexes().status().opened()).isNotNull();
        assertThat(restarted.indexes().status().built()).isNull();
        restarted.indexes().close();
    }

    /** What a training job does: the index is built between saving and activating, so the swap opens it. */
    @Test
    void aVersionPreparedBeforeActivationIsSwappedInWithItsIndexOpened() {
        ModelVersions versions =
                new ModelVersions(store, new ServedVersion(), Popularity.COUNT, 10, 5, PostedRatings.NONE);
        ItemIndexes indexes = new ItemIndexes(versions, true, 1, 2);
        FactorModel saved = store.load(version);
        indexes.prepare(saved);
        assertThat(store.itemIndexDirectory(version)).isDirectory();
        versions.serve(saved, data);
        await().atMost(Duration.ofSeconds(60)).until(() -> indexes.status().state() == ItemIndexes.State.READY);
        assertThat(indexes.status().opened()).isNotNull();
        assertThat(indexes.status().built()).isNull();
        assertThat(versions.current().orElseThrow().index()).isPresent();
        indexes.close();
    }

    @Test
    void aFoldInKeepsTheIndexOfTheServedVersion() {
        Instance instance = start(1);
        awaitState(instance, ItemIndexes.State.READY);
        instance.versions()
                .update(serving -> serving.withOverlay(serving.overlay().with(UserOverlay.FoldedUser.unknown(5, 1))));
        assertThat(instance.versions().current().orElseThrow().overlay().size()).isEqualTo(1);
        assertThat(instance.versions().current().orElseThrow().index()).isPresent();
        instance.indexes().close();
    }

    @Test
    void aDamagedStoredIndexIsRebuiltNotServed() throws IOException {
        Instance first = start(1);
        awaitState(first, ItemIndexes.State.READY);
        first.indexes().close();
        try (Stream<Path> files = Files.list(store.itemIndexDirectory(version))) {
            for (Path file : files.toList()) {
                byte[] bytes = Files.readAllBytes(file);
                bytes[bytes.length / 2] ^= 0x10;
                Files.write(file, bytes);
            }
        }
        Instance restarted = start(1);
        awaitState(restarted, ItemIndexes.State.READY);
        assertThat(restarted.indexes().status().built()).isNotNull();
        assertThat(restarted.versions().current().orElseThrow().index()).isPresent();
        restarted.indexes().close();
    }

    @Test
    void aCatalogueBelowTheThresholdIsScannedAndNothingIsBuilt() {
        Instance instance = start(3_001);
        awaitState(instance, ItemIndexes.State.EXACT);
        assertThat(instance.versions().current().orElseThrow().index()).isEmpty();
        assertThat(store.itemIndexDirectory(version)).doesNotExist();
        instance.indexes().close();
    }

    @Test
    void aReadOnlyReplicaBuildsItsOwnCopyAndLeavesTheDirectoryAlone() {
        ModelStore readOnly = new ModelStore(dir.resolve("models"), true);
        ModelVersions versions =
                new ModelVersions(readOnly, new ServedVersion(), Popularity.COUNT, 10, 5, PostedRatings.NONE);
        ItemIndexes indexes = new ItemIndexes(versions, true, 1, 2);
        versions.serve(readOnly.load(version), data);
        await().atMost(Duration.ofSeconds(60)).until(() -> indexes.status().state() == ItemIndexes.State.READY);
        assertThat(versions.current().orElseThrow().index()).isPresent();
        assertThat(store.itemIndexDirectory(version)).doesNotExist();
        indexes.close();
    }
}
