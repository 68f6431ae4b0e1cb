package io.mfrecommender.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.data.RatingScale;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.training.AdamParameters;
import io.mfrecommender.training.SgdParameters;
import io.mfrecommender.training.TrainingParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An exported version loaded by PyTorch itself into the notebook's {@code MatrixFactorization} with
 * {@code load_state_dict}: its forward() equals the version's unclipped score, for a bias-free
 * {@code adam} version and for an {@code sgd} version (k + 2 factors). Runs where Debian's
 * {@code python3-torch} is installed; CI does not need it and skips this, saying so.
 */
class ExportLoadsInPyTorchTests {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static boolean torch;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTorch() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").start();
            torch = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            torch = false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd"})
    void pyTorchPredictsTheVersionsScores(String algorithm) throws Exception {
        assumeTrue(torch, "PyTorch is not installed for /usr/bin/python3 (apt-get install python3-torch): skipped");
        SplittableRandom random = new SplittableRandom(5);
        DatasetBuilder builder = new DatasetBuilder();
        for (int r = 0; r < 2000; r++) {
            builder.add(1 + random.nextInt(60), 1 + random.nextInt(40), 1 + random.nextInt(5), r);
        }
        Dataset ratings = builder.build(new RatingScale(1, 5));
        TrainingParameters parameters = algorithm.equals("adam")
                ? AdamParameters.defaults().with(Map.of("epochs", 2, "factors", 5))
                : SgdParameters.defaults().with(Map.of("epochs", 3, "factors", 5));
        FactorModel model = NotebookModelsTests.ratingModel(ratings, parameters);
        Path file = dir.resolve(algorithm + ".pth");
        try (OutputStream out = Files.newOutputStream(file)) {
            PthImports.export(model, out);
        }

        StringBuilder pairs = new StringBuilder("[");
        int[][] chosen = new int[50][];
        for (int n = 0; n < chosen.length; n++) {
            chosen[n] = new int[] {
                random.nextInt(model.users().size()),
                random.nextInt(model.items().size())
            };
            pairs.append(n == 0 ? "" : ",")
                    .append('[')
                    .append(model.users().idOf(chosen[n][0]))
                    .append(',')
                    .append(model.items().idOf(chosen[n][1]))
                    .append(']');
        }
        List<String> scores = forward(file, pairs.append(']').toString());

        assertThat(scores).hasSize(chosen.length);
        for (int n = 0; n < chosen.length; n++) {
            assertThat(Double.parseDouble(scores.get(n)))
                    .isCloseTo(model.score(chosen[n][0], chosen[n][1]), within(2e-5));
        }
    }

    private static List<String> forward(Path file, String pairs) throws Exception {
        Process python = new ProcessBuilder(
                        PYTHON.toString(),
                        Path.of("src/test/resources/pytorch/forward.py").toString(),
                        file.toString())
                .redirectErrorStream(false)
                .start();
        python.getOutputStream().write(pairs.getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(errors).isZero();
        return output.lines().toList();
    }
}
