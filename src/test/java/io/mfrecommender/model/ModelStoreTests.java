package io.mfrecommender.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.recommendation.RecommendationService;
import io.mfrecommender.recommendation.Recommendations;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

class ModelStoreTests {

    @TempDir
    Path root;

    @Test
    void savesAndLoadsBitForBit() {
        ModelStore store = new ModelStore(root);
        FactorModel original = TinyModel.create();
        FactorModel saved = store.save(original);
        FactorModel loaded = store.load(saved.version());
        assertThat(loaded.userFactorArray()).isEqualTo(original.userFactorArray());
        assertThat(loaded.itemFactorArray()).isEqualTo(original.itemFactorArray());
        assertThat(loaded.userBiasArray()).isEqualTo(original.userBiasArray());
        assertThat(loaded.itemBiasArray()).isEqualTo(original.itemBiasArray());
        assertThat(loaded.users()).isEqualTo(original.users());
        assertThat(loaded.items()).isEqualTo(original.items());
        assertThat(loaded.globalMean()).isEqualTo(original.globalMean());
        assertThat(loaded.manifest()).isEqualTo(saved.manifest());
        assertThat(saved.version()).matches("\\d{8}-\\d{6}-\\d{3}-sgd");
    }

    @Test
    void aVersionWithARankerLoadsBitForBit() {
        ModelStore store = new ModelStore(root);
        FactorModel original = TinyServing.withRanker().model();
        FactorModel saved = store.save(original);
        FactorModel loaded = store.load(saved.version());
        RankingFactors expected = original.ranker().orElseThrow();
        RankingFactors ranker = loaded.ranker().orElseThrow();
        assertThat(ranker.userFactorArray()).isEqualTo(expected.userFactorArray());
        assertThat(ranker.itemFactorArray()).isEqualTo(expected.itemFactorArray());
        assertThat(ranker.manifest()).isEqualTo(expected.manifest());
        assertThat(loaded.manifest()).isEqualTo(saved.manifest());
        assertThat(loaded.manifest().ranker().algorithm()).isEqualTo("ials");
        assertThat(loaded.userFactorArray()).isEqualTo(original.userFactorArray());
        assertThat(root.resolve(saved.version()).resolve("ranking-user-factors.npy"))
                .exists();
        assertThat(root.resolve(saved.version()).resolve("ranking-item-factors.npy"))
                .exists();
    }

    @Test
    void rankingFilesWithoutTheirManifestSectionOrWithWrongShapesAreRefusedByName() throws IOException {
        ModelStore store = new ModelStore(root);
        String plain = store.save(TinyModel.create()).version();
        String ranked = store.save(TinyServing.withRanker().model()).version();
        Files.copy(
                root.resolve(ranked).resolve("ranking-user-factors.npy"),
                root.resolve(plain).resolve("ranking-user-factors.npy"));
        assertThatThrownBy(() -> store.load(plain))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("no ranker section");
        Files.copy(
                root.resolve(ranked).resolve("item-factors.npy"),
                root.resolve(ranked).resolve("ranking-item-factors.npy"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.delete(root.resolve(ranked).resolve("ranking-user-factors.npy"));
        assertThatThrownBy(() -> store.load(ranked)).hasMessageContaining("ranking-user-factors.npy is missing");
    }

    /** What a kill -9 during a save or a delete leaves is removed at the next start; the versions stay. */
    @Test
    void leftoversOfInterruptedSavesAndDeletesAreRemovedAndVersionsKept() throws IOException {
        ModelStore store = new ModelStore(root);
        String kept = store.save(TinyModel.create()).version();
        store.activate(kept);
        Files.createDirectories(
                root.resolve(".staging-20260101-000000-000-sgd-123").resolve("sub"));
        Files.writeString(root.resolve(".staging-20260101-000000-000-sgd-123").resolve("user-factors.npy"), "half");
        Files.createDirectories(root.resolve(".deleting-old"));
        assertThat(store.removeLeftovers()).isEqualTo(2);
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(kept, "ACTIVE");
        }
        assertThat(store.load(kept).version()).isEqualTo(kept);
        String other = store.save(TinyModel.create()).version();
        store.delete(other);
        assertThat(store.exists(other)).isFalse();
        assertThatThrownBy(() -> store.delete(kept)).hasMessageContaining("is active");
    }

    /** The folders beside the versions (job and experiment records) are not versions. */
    @Test
    void onlyADirectoryWithAManifestIsASavedVersion() throws Exception {
        ModelStore store = new ModelStore(root);
        String saved = store.save(TinyModel.create()).version();
        Files.createDirectories(root.resolve("jobs"));
        Files.createDirectories(root.resolve("experiments"));
        assertThat(store.exists(saved)).isTrue();
        assertThat(store.exists("jobs")).isFalse();
        assertThat(store.exists("experiments")).isFalse();
    }

    @Test
    void manifestsShownToClientsNameTheDatasetWithoutItsPath() {
        ModelManifest manifest = TinyModel.create().manifest().withDataset("/home/someone/data/ratings.dat");
        assertThat(manifest.withoutPaths().dataset()).isEqualTo("ratings.dat");
        assertThat(manifest.withDataset("MovieLens 1M").withoutPaths().dataset())
                .isEqualTo("MovieLens 1M");
        assertThat(manifest.withDataset("/srv/r.dat + 5 posted ratings, 1 users erased")
                        .withoutPaths()
                        .dataset())
                .isEqualTo("r.dat + 5 posted ratings, 1 users erased");
        assertThat(ModelManifest.stripPaths("training a sgd model on C:\\data\\u.data"))
                .isEqualTo("training a sgd model on u.data");
    }

    @Test
    void writesTheDocumentedFilesAndLeavesNoStagingDirectory() throws IOException {
        ModelStore store = new ModelStore(root);
        String version = store.save(TinyModel.create()).version();
        try (Stream<Path> files = Files.list(root.resolve(version))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "user-factors.npy",
                            "item-factors.npy",
                            "user-bias.npy",
                            "item-bias.npy",
                            "user-ids.npy",
                            "item-ids.npy",
                            "manifest.json");
        }
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(version);
        }
    }

    @Test
    void savingTwiceGivesTwoVersionsAndListsThemNewestFirst() {
        ModelStore store = new ModelStore(root);
        String first = store.save(TinyModel.create()).version();
        String second = store.save(TinyModel.create()).version();
        assertThat(second).isNotEqualTo(first);
        assertThat(store.list()).extracting(ModelManifest::version).containsExactly(second, first);
    }

    @Test
    void activeVersionIsReplacedAtomicallyAndSurvivesReopening() {
        ModelStore store = new ModelStore(root);
        assertThat(store.activeVersion()).isEmpty();
        String version = store.save(TinyModel.create()).version();
        store.activate(version);
        assertThat(new ModelStore(root).activeVersion()).hasValue(version);
        assertThat(root.resolve(".ACTIVE.tmp")).doesNotExist();
        assertThatThrownBy(() -> store.activate("nope"))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("'nope' not found");
    }

    @Test
    void rejectsVersionNamesThatCouldEscapeTheRoot() {
        ModelStore store = new ModelStore(root);
        assertThatThrownBy(() -> store.load("../etc")).hasMessageContaining("not a valid model version name");
        assertThatThrownBy(() -> store.load("missing")).hasMessageContaining("'missing' not found");
        assertThat(store.exists("..")).isFalse();
        for (String name :
                new String[] {"a/../../etc", "a/b", "/etc", "a\\b", ".hidden", "a\u0000", "", "a".repeat(200)}) {
            assertThat(store.exists(name)).as(name).isFalse();
            assertThatThrownBy(() -> store.load(name)).as(name).hasMessageContaining("not a valid model version name");
        }
        assertThatThrownBy(() -> store.activate("../models")).isInstanceOf(ModelStoreException.class);
        // Relative roots are judged the same way.
        Path relativeRoot = Path.of("target", "relative-model-store-test");
        ModelStore relative = new ModelStore(relativeRoot);
        String saved = relative.save(TinyModel.create()).version();
        assertThat(relative.exists("..")).isFalse();
        assertThat(relative.exists(saved)).isTrue();
        FileSystemUtils.deleteRecursively(relativeRoot.toFile());
    }

    @Test
    void reportsAMissingFileByName() throws IOException {
        ModelStore store = new ModelStore(root);
        String version = store.save(TinyModel.create()).version();
        Files.delete(root.resolve(version).resolve("item-ids.npy"));
        assertThatThrownBy(() -> store.load(version))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("item-ids.npy is missing");
    }

    @Test
    void loadsFactorsSavedByNumPy() throws URISyntaxException {
        // float64 factors and no bias files, written by np.save (see src/test/resources/numpy-model).
        ModelStore store = new ModelStore(resource("/numpy-model"));
        FactorModel model = store.load("numpy-v1");
        assertThat(model.factors()).isEqualTo(2);
        assertThat(model.manifest().algorithm()).isEqualTo("pytorch-notebook");
        // user 10 = (1, 0.5), item 200 = (1, 1): 3 + 1.5
        assertThat(model.score(model.users().indexOrMinusOne(10), model.items().indexOrMinusOne(200)))
                .isCloseTo(4.5, within(1e-6));
        assertThat(model.userBias(0)).isZero();
    }

    @Test
    void loadsTheGoldenModelSavedByVersion010() throws URISyntaxException {
        // TinyModel as saved by mf-recommender 0.1.0; later versions must keep loading it.
        ModelStore store = new ModelStore(resource("/golden-model"));
        assertThat(store.activeVersion()).hasValue("20260101-000000-000-sgd");
        FactorModel model = store.load("20260101-000000-000-sgd");
        FactorModel expected = TinyModel.create();
        assertThat(model.userFactorArray()).isEqualTo(expected.userFactorArray());
        assertThat(model.itemFactorArray()).isEqualTo(expected.itemFactorArray());
        assertThat(model.score(0, 0)).isCloseTo(5.75, within(1e-6));
        assertThat(model.manifest().hyperparameters()).containsEntry("factors", 2);
        assertThat(model.ranker()).as("saved before rankers existed").isEmpty();
    }

    /** A version without a ranker still serves recommendations, ordered by predicted rating. */
    @Test
    void theGoldenModelRanksByPredictedRating() throws URISyntaxException {
        FactorModel golden = new ModelStore(resource("/golden-model")).load("20260101-000000-000-sgd");
        ServedVersion registry = new ServedVersion();
        registry.activate(new ServingModel(golden, TinyServing.ratings(), TinyServing.catalog(), Popularity.COUNT, 10));
        Recommendations list = new RecommendationService(
                        registry,
                        ServingProperties.defaults().withPopularity(Popularity.COUNT),
                        new SimpleMeterRegistry())
                .recommend(10, 10, 0, true, null, null);
        assertThat(list.ranking()).isEqualTo("predicted-rating");
        assertThat(list.items()).extracting(r -> r.movieId()).containsExactly(100L, 300L);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(
                Objects.requireNonNull(ModelStoreTests.class.getResource(name)).toURI());
    }
}
