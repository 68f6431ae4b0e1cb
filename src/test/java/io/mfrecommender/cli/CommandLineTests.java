package io.mfrecommender.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.data.CatalogueEdits;
import io.mfrecommender.data.DataProperties;
import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.TinyServing;
import io.mfrecommender.pytorch.StateDictReader;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.TrainingProperties;
import io.mfrecommender.versions.ModelBootstrap;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.PostedRatings;
import io.mfrecommender.versions.ServedVersion;
import io.mfrecommender.versions.TrainingPlan;
import io.mfrecommender.versions.VersionPipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class CommandLineTests {

    @TempDir
    static Path dir;

    static Path ratings;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeRatings() throws IOException {
        ratings = dir.resolve("ratings.dat");
        new SyntheticRatings(300, 200, 15_000, 4, 0.4, 0.6, 0.8, 1).writeTo(ratings);
    }

    private int run(String... args) {
        return CommandLine.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Before a service starts: a bad line stores nothing and is named; a good file is stored where the service reads it. */
    @Test
    void catalogueImportStoresAFileAllOrNothing() throws IOException {
        Path data = dir.resolve("catalogue-data");
        Path file = dir.resolve("catalogue.csv");
        Files.writeString(file, "id,title,year,genres\n501,First,2001,Drama\n502,Second,nineteen,Comedy\n");
        assertThat(run("catalogue", "import", "--file", file.toString(), "--data", data.toString()))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("line 3: 'year'");
        assertThat(data.resolve(CatalogueEdits.FILE_NAME)).doesNotExist();
        out.reset();
        assertThat(run(
                        "catalogue",
                        "import",
                        "--file",
                        file.toString(),
                        "--data",
                        data.toString(),
                        "--lenient",
                        "true"))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(lines().get(0)).contains("\"added\":1").contains("\"refused\":1");
        assertThat(new CatalogueEdits(data.resolve(CatalogueEdits.FILE_NAME))
                        .entries()
                        .get(501L)
                        .title())
                .isEqualTo("First");
        assertThat(run("catalogue", "import")).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainPrintsOneLinePerEpochThenAJsonSummaryAndSavesTheModel() {
        Path models = dir.resolve("models");
        int code = run(
                "train",
                "--ratings",
                ratings.toString(),
                "--factors",
                "8",
                "--epochs",
                "4",
                "--validation-fraction",
                "0",
                "--ranker-factors",
                "8",
                "--ranker-epochs",
                "3",
                "--ranker-patience",
                "3",
                "--ranker-unobserved-weights",
                "0.3,1",
                "--ranker-regularization",
                "0.02",
                "--ranking-k",
                "5",
                "--output",
                models.toString());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = lines();
        String last = lines.get(lines.size() - 1);
        assertThat(lines.stream().filter(line -> line.startsWith("epoch"))).hasSize(4);
        // three probe epochs for each of the two α₀, half steps around the better one, the finalists trained
        // to convergence (at most 3 epochs here), then the refit on all interactions
        assertThat(lines.stream()
                        .filter(line -> line.startsWith("ranker epoch"))
                        .count())
                .isBetween(6L + 4 * 3 + 6L, 6L + 3 * 4 * 3 + 6L);
        assertThat(lines.stream()
                        .filter(line -> line.startsWith("ranker refit"))
                        .count())
                .isBetween(1L, 3L);
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = JsonMapper.builder().build().readValue(last, Map.class);
        assertThat(summary)
                .containsEntry("algorithm", "sgd")
                .containsEntry("factors", 8)
                .containsEntry("epochs", 4)
                .containsEntry("trainRatings", 13_500)
                .containsEntry("testRatings", 1_500)
                .containsEntry("ranking", "ials")
                .containsKeys(
                        "rmse",
                        "mae",
                        "trainSeconds",
                        "nsPerRatingUpdate",
                        "precisionAtK",
                        "recallAtK",
                        "ndcgAtK",
                        "catalogCoverage",
                        "popular",
                        "byPredictedRating",
                        "similarCoRating",
                        "ranker",
                        "modelVersion");
        assertThat((Double) summary.get("rmse")).isBetween(0.3, 1.5);
        assertThat((Map<String, Object>) summary.get("popular"))
                .containsEntry("popularity", "count-times-mean")
                .containsKey("ndcgAtK");
        assertThat((Map<String, Object>) summary.get("ranker"))
                .containsEntry("factors", 8)
                .containsKeys("validationNdcg", "unobservedWeight", "trainSeconds", "secondsPerEpoch", "bestEpoch");
        String version = (String) summary.get("modelVersion");
        FactorModel saved = new ModelStore(models).load(version);
        assertThat(saved.factors()).isEqualTo(8);
        assertThat(saved.ranker())
                .hasValueSatisfying(r -> assertThat(r.factors()).isEqualTo(8));
    }

    /** What train --output saves is what the service started in load mode on that directory serves. */
    @Test
    void outputSavesAndActivatesAVersionThatLoadModeServes() {
        Path models = dir.resolve("served");
        assertThat(run(
                        "train",
                        "--ratings",
                        ratings.toString(),
                        "--factors",
                        "4",
                        "--epochs",
                        "2",
                        "--ranker-factors",
                        "4",
                        "--ranker-epochs",
                        "2",
                        "--output",
                        models.toString()))
                .isZero();
        String json = lines().get(lines().size() - 1);
        assertThat(json).contains("\"activated\":true");
        String version = json.replaceAll(".*\"modelVersion\":\"([^\"]+)\".*", "$1");
        assertThat(new ModelStore(models).activeVersion()).hasValue(version);
        ServedVersion registry = new ServedVersion();
        DataSourceLoader loader = new DataSourceLoader(new DataProperties(
                DataProperties.Source.FILE, ratings, null, dir, ParseMode.STRICT, null, null, null, null));
        ModelVersions versions = new ModelVersions(
                new ModelStore(models), registry, Popularity.COUNT_TIMES_MEAN, 10, 5, PostedRatings.NONE);
        ServingModel served = new ModelBootstrap(
                        loader,
                        versions,
                        new VersionPipeline(versions.store()),
                        ModelProperties.StartupMode.LOAD,
                        TrainingPlan.configured(
                                new TrainingProperties(Algorithm.SGD, null, null, 42, null, null, null), 0.1))
                .run();
        assertThat(served.version()).isEqualTo(version);
        assertThat(served.hasRanker()).isTrue();

        Path unserved = dir.resolve("unserved");
        assertThat(run(
                        "train",
                        "--ratings",
                        ratings.toString(),
                        "--factors",
                        "4",
                        "--epochs",
                        "2",
                        "--ranker",
                        "none",
                        "--output",
                        unserved.toString(),
                        "--activate",
                        "false"))
                .isZero();
        assertThat(lines().get(lines().size() - 1)).contains("\"activated\":false");
        assertThat(new ModelStore(unserved).activeVersion()).isEmpty();
        assertThat(run("train", "--ratings", ratings.toString(), "--output", unserved.toString(), "--activate", "yes"))
                .isEqualTo(2);
    }

    /**
     * {@code import}: a version written elsewhere lands in the models directory under its name and
     * says how to serve it; a damaged one exits 1 with one line naming the file; no source is a usage error.
     */
    @Test
    void importCopiesAValidatedVersionIntoTheModelsDirectory() throws Exception {
        Path elsewhere = dir.resolve("elsewhere");
        FactorModel made =
                new ModelStore(elsewhere).save(TinyServing.withRanker().model());
        Path models = dir.resolve("imported");
        assertThat(run("import", "--from", elsewhere.resolve(made.version()).toString(), "--models", models.toString()))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(lines())
                .singleElement()
                .asString()
                .startsWith("imported " + made.version() + " (")
                .contains("with a ranker")
                .contains("PUT /models/active");
        assertThat(new ModelStore(models).load(made.version()).items().size()).isEqualTo(3);

        Files.write(elsewhere.resolve(made.version()).resolve("user-factors.npy"), new byte[] {1, 2, 3});
        assertThat(run("import", "--from", elsewhere.resolve(made.version()).toString(), "--models", models.toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
                .singleElement()
                .asString()
                .startsWith("error: ")
                .contains(elsewhere
                        .resolve(made.version())
                        .resolve("user-factors.npy")
                        .toString());
        assertThat(run("import", "--models", models.toString())).isEqualTo(2);
    }

    @Test
    void foldInBenchmarkComparesFoldedUsersWithTrainedOnes() {
        assertThat(run(
                        "benchmark",
                        "fold-in",
                        "--ratings",
                        ratings.toString(),
                        "--factors",
                        "8",
                        "--ranker-factors",
                        "4"))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(output)
                .contains("left-out users 30")
                .contains("trained with their 80%: NDCG@10")
                .containsPattern("folded in from their 80%: NDCG@10 0\\.\\d+ \\(\\d\\.\\d+ of trained\\)")
                .contains("fold-in of one user with 100 ratings, rating model k=8 and ranker k=4: median");
    }

    @Test
    void rankerNoneTrainsTheRatingModelAloneAndRanksByPredictedRating() {
        Path models = dir.resolve("no-ranker");
        assertThat(run(
                        "train",
                        "--ratings",
                        ratings.toString(),
                        "--factors",
                        "4",
                        "--epochs",
                        "2",
                        "--ranker",
                        "none",
                        "--ranking-k",
                        "5",
                        "--output",
                        models.toString()))
                .isZero();
        String json = lines().get(lines().size() - 1);
        assertThat(json).contains("\"ranking\":\"predicted-rating\"").doesNotContain("\"ranker\":");
        assertThat(lines()).noneMatch(line -> line.startsWith("ranker"));
        String version = json.replaceAll(".*\"modelVersion\":\"([^\"]+)\".*", "$1");
        assertThat(new ModelStore(models).load(version).ranker()).isEmpty();
        assertThat(run("train", "--ratings", ratings.toString(), "--ranker", "bpr"))
                .isEqualTo(2);
        assertThat(run("train", "--ratings", ratings.toString(), "--ranker-interactions", "most"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--ranker must be ials or none")
                .contains("interactions must be all, liked, weighted or events");
    }

    @Test
    void implicitFeedbackCanBeTunedOrTurnedOff() {
        Path models = dir.resolve("plain");
        assertThat(run(
                        "train",
                        "--ratings",
                        ratings.toString(),
                        "--factors",
                        "4",
                        "--epochs",
                        "2",
                        "--implicit-rate",
                        "0",
                        "--implicit-regularization",
                        "0.02",
                        "--output",
                        models.toString()))
                .isZero();
        String json = lines().get(lines().size() - 1);
        assertThat(json).contains("\"implicitRate\":0.0");
        String version = json.replaceAll(".*\"modelVersion\":\"([^\"]+)\".*", "$1");
        assertThat(new ModelStore(models).load(version).manifest().hyperparameters())
                .containsEntry("implicitRate", 0.0)
                .containsEntry("implicitRegularization", 0.02);
        assertThat(run("train", "--ratings", ratings.toString(), "--implicit-rate", "-1"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--implicit-rate");
    }

    @Test
    void adamUsesTheNotebookSplitByDefault() {
        assertThat(run("train", "--ratings", ratings.toString(), "--algorithm", "adam", "--epochs", "1"))
                .isZero();
        String json = lines().get(lines().size() - 1);
        assertThat(json)
                .contains("\"algorithm\":\"adam\"")
                .contains("\"factors\":20")
                .contains("\"split\":\"random:0.7\"")
                .contains("\"trainRatings\":10500");
    }

    @Test
    void explicitTestFileReplacesTheSplit() {
        assertThat(run(
                        "train",
                        "--ratings",
                        ratings.toString(),
                        "--test",
                        ratings.toString(),
                        "--factors",
                        "4",
                        "--epochs",
                        "2"))
                .isZero();
        assertThat(lines().get(lines().size() - 1))
                .contains("\"split\":\"file\"")
                .contains("\"testRatings\":15000");
    }

    @Test
    void onlySpringOptionsStartTheServiceAndAnythingElseIsAnsweredWithoutStartingIt() {
        assertThat(CommandLine.handles(new String[0])).isFalse();
        assertThat(CommandLine.handles(new String[] {"--server.port=9090", "--recommender.data.source=file"}))
                .isFalse();
        assertThat(CommandLine.handles(new String[] {"frobnicate"})).isTrue();
        assertThat(CommandLine.handles(new String[] {"--server.port=9090", "frobnicate"}))
                .isTrue();
        assertThat(CommandLine.handles(new String[] {"--help"})).isTrue();

        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown command 'frobnicate'")
                .contains("usage: java -jar mf-recommender.jar");
        assertThat(out.size()).isZero();
        err.reset();
        assertThat(run("--server.port=9090", "9091")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '9091'");
        err.reset();
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("usage:")
                .contains("train")
                .contains("export");
        assertThat(err.size()).isZero();
    }

    /** Every command and benchmark answers --help with its usage and options (exit 0); a stray word or an unknown benchmark is refused (exit 2). */
    @Test
    void eachCommandHasItsOwnHelpAndRefusesStrayWords() {
        assertThat(run("train", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Usage: train --ratings")
                .contains("--ranker-unobserved-weights")
                .contains("-h, --help");
        out.reset();
        assertThat(run("benchmark", "lists", "-h")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--ratings").contains("--test");
        out.reset();
        assertThat(run("export", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--version").contains("--models");
        assertThat(err.size()).isZero();
        out.reset();

        assertThat(run("benchmark", "frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("'frobnicate'")
                .contains("Usage: benchmark");
        err.reset();
        assertThat(run("benchmark")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("which benchmark?");
        err.reset();
        assertThat(run("train", "--ratings", ratings.toString(), "stray")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unexpected argument 'stray'");
        err.reset();
        assertThat(run("benchmark", "lists", "--ratings", "a", "--test", "b", "--items", "9"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --items");
        err.reset();
        assertThat(run("benchmark", "serving", "--ratings", "9", "--beam-width", "9"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --beam-width here");
        assertThat(out.size()).isZero();
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        assertThat(run("train")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ratings is required");
        err.reset();
        assertThat(run("train", "--ratings", ratings.toString(), "--factors", "0"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--factors must be between 1 and 1024, got 0");
        err.reset();
        assertThat(run("train", "--ratings", ratings.toString(), "--learning-rate", "fast"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--learning-rate expects a number, got 'fast'");
        err.reset();
        assertThat(run("train", "--ratings", ratings.toString(), "--colour", "blue"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --colour");
        err.reset();
        assertThat(run("train", "--ratings", ratings.toString(), "--split", "random:2"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("strictly between 0 and 1");
        err.reset();
        assertThat(run("benchmark", "serving", "--items", "1000", "--candidates-per-result", "4,0"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--candidates-per-result must be between 1 and 100, got 0");
        err.reset();
        assertThat(run("benchmark", "serving", "--items", "1000", "--candidates-per-result", "4,many"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--candidates-per-result expects a whole number, got 'many'");
    }

    /**
     * An export that is refused (a movie id beyond the notebook's 50 million rows) fails with a line
     * naming why, and leaves neither a file nor a half-written one where the file was asked for; an
     * earlier file of that name stays as it was.
     */
    @Test
    void aRefusedExportLeavesNoFileAndAnEarlierOneUntouched() throws IOException {
        Path hugeIds = dir.resolve("huge-ids.dat");
        StringBuilder lines = new StringBuilder();
        for (int user = 1; user <= 30; user++) {
            for (int movie = 1; movie <= 8; movie++) {
                long id = movie == 8 ? 60_000_000L : movie;
                lines.append(user)
                        .append("::")
                        .append(id)
                        .append("::")
                        .append(1 + (user * movie) % 5)
                        .append("::0\n");
            }
        }
        Files.writeString(hugeIds, lines);
        Path models = dir.resolve("huge-models");
        assertThat(run(
                        "train",
                        "--ratings",
                        hugeIds.toString(),
                        "--epochs",
                        "2",
                        "--ranker",
                        "none",
                        "--output",
                        models.toString()))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        String version = new ModelStore(models).list().get(0).version();

        Path target = dir.resolve("refused.pth");
        assertThat(run("export", "--version", version, "--pth", target.toString(), "--models", models.toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("more than 50000000");
        assertThat(target).doesNotExist();
        assertThat(dir.resolve(".refused.pth.tmp")).doesNotExist();

        Files.writeString(target, "an earlier export");
        assertThat(run("export", "--version", version, "--pth", target.toString(), "--models", models.toString()))
                .isEqualTo(1);
        assertThat(target).hasContent("an earlier export");
    }

    @Test
    void aNotebookStateDictIsImportedNamedInActiveAndExportedBack() throws IOException {
        Path fixtures = Path.of("src/test/resources/pytorch");
        Path models = dir.resolve("pth-models");

        assertThat(run(
                        "import",
                        "--pth",
                        fixtures.resolve("notebook.pth").toString(),
                        "--ratings",
                        fixtures.resolve("ratings.dat").toString(),
                        "--output",
                        models.toString(),
                        "--activate",
                        "true"))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        String version = Files.readString(models.resolve("ACTIVE")).strip();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("imported " + version + " (float32, 7 users, 9 movies, k=4, no biases: r = p_u·q_i; "
                        + "dropped 1 user and 1 movie rows no rating names)")
                .containsPattern("RMSE on ratings.dat \\(the ratings it was trained on, not held out\\): \\d\\.\\d{4}");

        Path exported = dir.resolve("back.pth");
        assertThat(run("export", "--version", version, "--pth", exported.toString(), "--models", models.toString()))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("k = 4 factors per row");
        assertThat(new StateDictReader(StateDictReader.Limits.DEFAULTS)
                        .read(exported)
                        .get("user_factors.weight")
                        .shape())
                .containsExactly(8, 4);
    }

    @Test
    void aRefusedStateDictIsAFailureNamingTheCauseAndSavesNothing() {
        Path fixtures = Path.of("src/test/resources/pytorch");
        Path models = dir.resolve("refused-models");

        assertThat(run(
                        "import",
                        "--pth",
                        fixtures.resolve("os-system.pth").toString(),
                        "--ratings",
                        fixtures.resolve("ratings.dat").toString(),
                        "--output",
                        models.toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("os-system.pth refused: the pickle asks for 'posix.system'");
        assertThat(models.resolve("ACTIVE")).doesNotExist();
        assertThat(run("import", "--pth", fixtures.resolve("notebook.pth").toString()))
                .isEqualTo(2);
    }

    @Test
    void missingRatingsFileIsAFailureWithTheFileNamed() {
        assertThat(run("train", "--ratings", dir.resolve("nope.dat").toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.dat: file not found");
    }

    @Test
    void aOneValueListOptionIsAccepted() {
        assertThat(run(
                        "train",
                        "--ratings",
                        ratings.toString(),
                        "--factors",
                        "4",
                        "--epochs",
                        "2",
                        "--ranker-factors",
                        "4",
                        "--ranker-epochs",
                        "2",
                        "--ranker-unobserved-weights",
                        "3"))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(lines().get(lines().size() - 1)).contains("\"unobservedWeight\":3.0");
        assertThat(run("train", "--ratings", ratings.toString(), "--ranker-unobserved-weights", "many"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--ranker-unobserved-weights expects a number, or several separated by commas, got 'many'");
    }
}
