package io.mfrecommender.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.cli.CommandLine;
import io.mfrecommender.data.DataProperties;
import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.jobs.JobsProperties;
import io.mfrecommender.jobs.TrainingJobRequest;
import io.mfrecommender.jobs.TrainingJobView;
import io.mfrecommender.jobs.TrainingJobs;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.TrainingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A version made by {@code train --output} and one made by a training job go through the same
 * pipeline: their manifests carry the same evaluation figures, so the quality gauges read finite
 * values whichever is served.
 */
class SameManifestEvaluationTests {

    private static final List<String> GAUGES = List.of(
            "recommender.model.validation.rmse",
            "recommender.model.heldout.rmse",
            "recommender.model.heldout.mae",
            "recommender.model.heldout.ndcg");

    @TempDir
    Path dir;

    @Test
    void theCommandLineAndAJobWriteTheSameEvaluationAndTheGaugesReadIt() throws IOException, InterruptedException {
        Path ratings = dir.resolve("ratings.dat");
        new SyntheticRatings(300, 200, 15_000, 4, 0.4, 0.6, 0.8, 1).writeTo(ratings);
        Path models = dir.resolve("models");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CommandLine.run(
                new String[] {
                    "train",
                    "--ratings",
                    ratings.toString(),
                    "--factors",
                    "4",
                    "--epochs",
                    "3",
                    "--ranker-factors",
                    "4",
                    "--ranker-epochs",
                    "2",
                    "--output",
                    models.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        ModelStore store = new ModelStore(models);
        String fromCommandLine = store.activeVersion().orElseThrow();

        LoadedData data = new DataSourceLoader(new DataProperties(
                        DataProperties.Source.FILE, ratings, null, dir, ParseMode.STRICT, null, null, null, null))
                .load();
        ServedVersion served = new ServedVersion();
        MeterRegistry meters = new SimpleMeterRegistry();
        new VersionsConfiguration().servedVersionMetrics(served).bindTo(meters);
        ModelVersions versions = new ModelVersions(store, served, Popularity.COUNT, 10, 5, PostedRatings.NONE);
        versions.serve(store.load(fromCommandLine), data);
        assertGaugesFinite(meters, fromCommandLine);

        String fromJob;
        try (TrainingJobs jobs = new TrainingJobs(
                () -> data,
                versions,
                new VersionPipeline(store),
                new TrainingProperties(Algorithm.SGD, null, null, 42, 1, null, null),
                new JobsProperties(2, 1, 100, null),
                0.1,
                models.resolve("jobs"),
                new SimpleMeterRegistry())) {
            TrainingJobView job = jobs.submit(TrainingJobRequest.from(Map.of(
                    "parameters", Map.of("factors", 4, "epochs", 3),
                    "rankerParameters", Map.of("factors", 4, "epochs", 2),
                    "activation", "always")));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!jobs.get(job.id()).status().finished() && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            fromJob = jobs.get(job.id()).modelVersion();
            assertThat(jobs.get(job.id()).activated())
                    .as(jobs.get(job.id()).reason())
                    .isTrue();
        }
        assertThat(served.current().version()).isEqualTo(fromJob);
        assertGaugesFinite(meters, fromJob);

        Set<String> commandLineKeys = evaluationKeys(models.resolve(fromCommandLine));
        assertThat(commandLineKeys)
                .isEqualTo(evaluationKeys(models.resolve(fromJob)))
                .contains("heldOutRmse", "heldOutMae", "heldOutNdcgAtK", "heldOutRatings", "validationRmse");
    }

    private static void assertGaugesFinite(MeterRegistry meters, String version) {
        List<String> notFinite = new ArrayList<>();
        for (String gauge : GAUGES) {
            if (!Double.isFinite(meters.get(gauge).gauge().value())) {
                notFinite.add(gauge);
            }
        }
        assertThat(notFinite)
                .as("gauges reading NaN while " + version + " is served")
                .isEmpty();
    }

    private static Set<String> evaluationKeys(Path version) {
        JsonNode manifest = JsonMapper.builder()
                .build()
                .readTree(version.resolve("manifest.json").toFile());
        return new TreeSet<>(manifest.path("evaluation").propertyNames());
    }
}
