package io.mfrecommender.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.api.ModelFileTooLargeException;
import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.RatingScale;
import io.mfrecommender.data.RatingsReader;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.pytorch.PthFormatException;
import io.mfrecommender.pytorch.StateDictReader;
import io.mfrecommender.pytorch.Tensor;
import io.mfrecommender.training.AdamParameters;
import io.mfrecommender.training.AlsParameters;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.FoldIn;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.SgdParameters;
import io.mfrecommender.training.TrainingListener;
import io.mfrecommender.training.TrainingParameters;
import io.mfrecommender.training.VersionTrainer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * State dicts PyTorch wrote, as versions: the notebook's forward() for a pair (written down from
 * PyTorch in {@code expected.json}) is the version's unclipped score; untrained rows are dropped; the
 * export loads back to the same predictions.
 */
class NotebookModelsTests {

    private static final Path FIXTURES = Path.of("src/test/resources/pytorch");
    private static final StateDictReader READER = new StateDictReader(StateDictReader.Limits.DEFAULTS);

    @TempDir
    Path dir;

    private static Dataset fixtureRatings() {
        return new RatingsReader(ParseMode.STRICT, null)
                .read(FIXTURES.resolve("ratings.dat"))
                .dataset();
    }

    private static JsonNode expected(String fixture) throws IOException {
        return JsonMapper.builder()
                .build()
                .readTree(FIXTURES.resolve("expected.json").toFile())
                .get(fixture);
    }

    private static FactorModel imported(String fixture) {
        return NotebookModels.fromStateDict(
                READER.read(FIXTURES.resolve(fixture)), fixtureRatings(), NotebookModels.TensorNames.NOTEBOOK, fixture);
    }

    @ParameterizedTest
    @ValueSource(strings = {"notebook.pth", "biased.pth", "float64.pth", "transposed.pth", "bigendian.pth"})
    void theNotebooksPredictionIsTheVersionsUnclippedScore(String fixture) throws IOException {
        FactorModel model = imported(fixture);
        JsonNode predictions = expected(fixture.equals("bigendian.pth") ? "notebook.pth" : fixture)
                .get("predictions");

        int compared = 0;
        for (JsonNode pair : predictions) {
            int user = model.users().indexOrMinusOne(pair.get("user").asLong());
            int item = model.items().indexOrMinusOne(pair.get("movie").asLong());
            if (user < 0 || item < 0) {
                continue;
            }
            assertThat(model.score(user, item))
                    .as("user %s, movie %s", pair.get("user"), pair.get("movie"))
                    .isCloseTo(pair.get("score").asDouble(), within(2e-6));
            compared++;
        }
        assertThat(compared).isEqualTo(3);
        assertThat(model.hasBiases()).isEqualTo(fixture.equals("biased.pth"));
    }

    @Test
    void anImportAskedForARankerGetsOneTrainedOnTheSameRatingsAndIsSaved() {
        ModelStore store = new ModelStore(dir.resolve("models"));
        LoadedData data = new LoadedData("ratings.dat", fixtureRatings(), null, MovieCatalog.empty());
        PthImports imports = new PthImports(
                store,
                StateDictReader.Limits.DEFAULTS,
                AlsParameters.defaults().with(Map.of("factors", 3, "epochs", 3)));

        FactorModel saved = imports.importStateDict(
                FIXTURES.resolve("notebook.pth"), data, NotebookModels.TensorNames.NOTEBOOK, "notebook.pth", true);

        FactorModel loaded = store.load(saved.version());
        assertThat(loaded.ranker()).isPresent();
        assertThat(loaded.ranker().get().factors()).isEqualTo(3);
        assertThat(loaded.manifest().sourceFingerprint())
                .isEqualTo(fixtureRatings().fingerprint());
        assertThat(loaded.hasBiases()).isFalse();
        assertThat(loaded.itemVector(0)).containsExactly(saved.itemVector(0));
    }

    /**
     * A file whose tables would take more memory than the imports' budget is refused before a table is
     * read, naming the setting; nothing is saved. The budget is estimated from the pickle alone.
     */
    @Test
    void aFileNeedingMoreMemoryThanTheImportBudgetIsRefusedUnread() {
        ModelStore store = new ModelStore(dir.resolve("budget"));
        LoadedData data = new LoadedData("ratings.dat", fixtureRatings(), null, MovieCatalog.empty());
        long storage =
                new StateDictReader(StateDictReader.Limits.DEFAULTS).storageBytes(FIXTURES.resolve("notebook.pth"));
        // The fixture (make_fixtures.py): 8 users and 10 movies, k = 4, float32.
        assertThat(storage).isEqualTo((8 + 10) * 4 * Float.BYTES);
        long needed = storage * PthImports.MEMORY_PER_STORAGE_BYTE;
        PthImports tight =
                new PthImports(store, StateDictReader.Limits.DEFAULTS, AlsParameters.defaults(), 2, needed - 1);
        assertThatThrownBy(() -> tight.importStateDict(
                        FIXTURES.resolve("notebook.pth"), data, NotebookModels.TensorNames.NOTEBOOK, "n.pth", false))
                .isInstanceOf(ModelFileTooLargeException.class)
                .hasMessageContaining("max-import-memory-bytes");
        assertThat(store.list()).isEmpty();

        PthImports enough = new PthImports(store, StateDictReader.Limits.DEFAULTS, AlsParameters.defaults(), 2, needed);
        assertThat(enough.importStateDict(
                                FIXTURES.resolve("notebook.pth"),
                                data,
                                NotebookModels.TensorNames.NOTEBOOK,
                                "n.pth",
                                false)
                        .version())
                .isNotNull();
    }

    @Test
    void rowsNoRatingNamesAreDroppedAndCounted() throws IOException {
        FactorModel model = imported("notebook.pth");

        // Users 1-8 without 5, movies 1-10 without 7: the pairs naming user 5 or movie 7 are unknown.
        assertThat(model.users().size()).isEqualTo(7);
        assertThat(model.items().size()).isEqualTo(9);
        assertThat(model.users().contains(5)).isFalse();
        assertThat(model.items().contains(7)).isFalse();
        assertThat(model.manifest().algorithm()).isEqualTo(NotebookModels.ALGORITHM);
        assertThat(model.manifest().hyperparameters())
                .containsEntry("droppedUserRows", 1)
                .containsEntry("droppedItemRows", 1)
                .containsEntry("biases", false)
                .containsEntry("prediction", "p_u·q_i, clipped to the scale");
        assertThat(model.manifest().hyperparameters().get("droppedItemIds"))
                .asList()
                .containsExactly(7L);
        assertThat(model.globalMean()).isZero();
        // Row id − 1 of the table, bit for bit.
        JsonNode itemBits = expected("notebook.pth")
                .get("tensors")
                .get("item_factors.weight")
                .get("bits");
        float[] movie10 = model.itemVector(model.items().indexOrMinusOne(10));
        for (int f = 0; f < 4; f++) {
            assertThat(Float.floatToRawIntBits(movie10[f]))
                    .isEqualTo((int) itemBits.get(9 * 4 + f).asLong());
        }
    }

    @Test
    void ratingsNamingAnIdPastTheTableAreRefusedNamingIt() throws IOException {
        Path more = Files.writeString(
                dir.resolve("more.dat"), Files.readString(FIXTURES.resolve("ratings.dat")) + "9::1::4::978300000\n");
        Dataset ratings = new RatingsReader(ParseMode.STRICT, null).read(more).dataset();

        assertThatThrownBy(() -> NotebookModels.fromStateDict(
                        READER.read(FIXTURES.resolve("notebook.pth")),
                        ratings,
                        NotebookModels.TensorNames.NOTEBOOK,
                        "x"))
                .isInstanceOf(PthFormatException.class)
                .hasMessageContaining("the ratings name user 9, but 'user_factors.weight' has rows for ids 1 to 8");
    }

    @Test
    void wrongShapesMissingTensorsAndNonFiniteRowsAreRefusedNamingThem() {
        Dataset ratings = fixtureRatings();
        Map<String, Tensor> good = READER.read(FIXTURES.resolve("notebook.pth"));

        Map<String, Tensor> flat = new LinkedHashMap<>(good);
        flat.put("user_factors.weight", Tensor.of("user_factors.weight", new int[] {32}, new float[32]));
        assertThatThrownBy(() -> NotebookModels.fromStateDict(flat, ratings, NotebookModels.TensorNames.NOTEBOOK, "x"))
                .hasMessageContaining("'user_factors.weight' has shape (32,); the user table must be 2-D");

        Map<String, Tensor> narrow = new LinkedHashMap<>(good);
        narrow.put("item_factors.weight", Tensor.of("item_factors.weight", new int[] {10, 3}, new float[30]));
        assertThatThrownBy(
                        () -> NotebookModels.fromStateDict(narrow, ratings, NotebookModels.TensorNames.NOTEBOOK, "x"))
                .hasMessageContaining("'item_factors.weight' has 3 factors per row, 'user_factors.weight' has 4");

        Map<String, Tensor> missing = new LinkedHashMap<>(good);
        missing.remove("item_factors.weight");
        assertThatThrownBy(
                        () -> NotebookModels.fromStateDict(missing, ratings, NotebookModels.TensorNames.NOTEBOOK, "x"))
                .hasMessageContaining("the state dict has no 'item_factors.weight' (it has user_factors.weight)");

        Map<String, Tensor> nan = new LinkedHashMap<>(good);
        float[] values = good.get("user_factors.weight").floats().clone();
        values[2 * 4 + 1] = Float.NaN;
        nan.put("user_factors.weight", Tensor.of("user_factors.weight", new int[] {8, 4}, values));
        assertThatThrownBy(() -> NotebookModels.fromStateDict(nan, ratings, NotebookModels.TensorNames.NOTEBOOK, "x"))
                .hasMessageContaining("'user_factors.weight' row 2 (user 3) holds NaN");

        // A NaN in an untrained row (user 5) is dropped with the row.
        float[] untrained = good.get("user_factors.weight").floats().clone();
        untrained[4 * 4] = Float.NaN;
        Map<String, Tensor> dropped = new LinkedHashMap<>(good);
        dropped.put("user_factors.weight", Tensor.of("user_factors.weight", new int[] {8, 4}, untrained));
        assertThat(NotebookModels.fromStateDict(dropped, ratings, NotebookModels.TensorNames.NOTEBOOK, "x")
                        .users()
                        .size())
                .isEqualTo(7);
    }

    @Test
    void aFloat64BiasBeyondFloat32IsRefusedNotTurnedIntoInfinity() {
        Map<String, Tensor> biased = new LinkedHashMap<>(READER.read(FIXTURES.resolve("biased.pth")));
        double[] huge = new double[10];
        huge[0] = 1e300;
        biased.put("item_bias.weight", Tensor.of("item_bias.weight", new int[] {10, 1}, huge));

        assertThatThrownBy(() -> NotebookModels.fromStateDict(
                        biased, fixtureRatings(), NotebookModels.TensorNames.NOTEBOOK, "x"))
                .isInstanceOf(PthFormatException.class)
                .hasMessageContaining("'item_bias.weight' row 0 holds 1.0E300: a bias must be finite (as a float32)");
    }

    @Test
    void otherTensorNamesAreMappedByKey() {
        Map<String, Tensor> good = READER.read(FIXTURES.resolve("notebook.pth"));
        Map<String, Tensor> renamed = new LinkedHashMap<>();
        renamed.put("P.weight", good.get("user_factors.weight"));
        renamed.put("Q.weight", good.get("item_factors.weight"));

        FactorModel model = NotebookModels.fromStateDict(
                renamed,
                fixtureRatings(),
                NotebookModels.TensorNames.parse("user-factors=P.weight, item-factors=Q.weight"),
                "x");

        assertThat(model.factors()).isEqualTo(4);
        assertThatThrownBy(() -> NotebookModels.TensorNames.parse("users=P.weight"))
                .hasMessageContaining(
                        "keys user-factors, item-factors, user-bias, item-bias, global-bias; got 'users=P.weight'");
    }

    @Test
    void theSeedRecipeTrainedHereRoundTripsThroughPthToTheSamePredictions() throws IOException {
        Dataset ratings = randomRatings(7);
        FactorModel adam = ratingModel(ratings, AdamParameters.defaults().with(Map.of("epochs", 2)));

        FactorModel back = roundTrip(adam, ratings);

        assertThat(back.factors()).isEqualTo(adam.factors());
        assertThat(back.hasBiases()).isFalse();
        assertSamePredictions(adam, back, 0);
    }

    @Test
    void aBiasedVersionExportsItsBiasesAsTwoMoreFactorsAndPredictsTheSame() throws IOException {
        Dataset ratings = randomRatings(8);
        FactorModel sgd = ratingModel(ratings, SgdParameters.defaults().with(Map.of("factors", 6, "epochs", 3)));

        FactorModel back = roundTrip(sgd, ratings);

        assertThat(back.factors()).isEqualTo(8);
        assertSamePredictions(sgd, back, 2e-5);
    }

    /** A version of the rating model alone. */
    static FactorModel ratingModel(Dataset ratings, TrainingParameters parameters) {
        return new VersionTrainer()
                .train(ratings, new ModelRecipe(parameters, null), TrainingListener.NONE, Cancellation.NONE)
                .model();
    }

    /** 3,000 seeded ratings of 200 users (ids 1-200) on 120 movies (ids 3-122), 1 to 5 stars. */
    private static Dataset randomRatings(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DatasetBuilder builder = new DatasetBuilder();
        for (int r = 0; r < 3000; r++) {
            builder.add(1 + random.nextInt(200), 3 + random.nextInt(120), 1 + random.nextInt(5), r);
        }
        return builder.build(new RatingScale(1, 5));
    }

    private FactorModel roundTrip(FactorModel model, Dataset ratings) throws IOException {
        Path file = dir.resolve("export.pth");
        try (OutputStream out = Files.newOutputStream(file)) {
            PthImports.export(model, out);
        }
        return NotebookModels.fromStateDict(
                READER.read(file), ratings, NotebookModels.TensorNames.NOTEBOOK, "export.pth");
    }

    private static void assertSamePredictions(FactorModel original, FactorModel back, double tolerance) {
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n < 500; n++) {
            int user = random.nextInt(original.users().size());
            int item = random.nextInt(original.items().size());
            int userBack = back.users().indexOrMinusOne(original.users().idOf(user));
            int itemBack = back.items().indexOrMinusOne(original.items().idOf(item));
            assertThat(back.score(userBack, itemBack)).isCloseTo(original.score(user, item), within(tolerance + 1e-9));
            assertThat(back.predict(userBack, itemBack))
                    .isCloseTo(original.predict(user, item), within(tolerance + 1e-9));
        }
    }

    @Test
    void foldInOfABiasFreeVersionSolvesNoBias() {
        FactorModel model = imported("notebook.pth");
        int[] items = {0, 3, 5};
        float[] ratings = {5, 1, 4};

        FoldIn.Folded folded = FoldIn.forModel(model).fold(items, ratings);

        assertThat(folded.bias()).isZero();
        // The normal equations of Σ (r − p·q)² + n λ ‖p‖²: Σ (r − p·q) q = n λ p.
        double lambda = SgdParameters.defaults().regularization();
        for (int f = 0; f < model.factors(); f++) {
            double gradient = 0;
            for (int r = 0; r < items.length; r++) {
                float[] q = model.itemVector(items[r]);
                double predicted = 0;
                for (int g = 0; g < q.length; g++) {
                    predicted += folded.vector()[g] * q[g];
                }
                gradient += (ratings[r] - predicted) * q[f];
            }
            assertThat(gradient).isCloseTo(items.length * lambda * folded.vector()[f], within(1e-4));
        }
    }
}
