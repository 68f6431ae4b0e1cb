package io.mfrecommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mfrecommender.client.ApiClient;
import io.mfrecommender.client.ApiException;
import io.mfrecommender.client.api.ExperimentsApi;
import io.mfrecommender.client.api.ModelVersionsApi;
import io.mfrecommender.client.api.MoviesApi;
import io.mfrecommender.client.api.PredictionsApi;
import io.mfrecommender.client.api.RatingsApi;
import io.mfrecommender.client.api.RecommendationsApi;
import io.mfrecommender.client.api.TrainingJobsApi;
import io.mfrecommender.client.model.EndExperiment;
import io.mfrecommender.client.model.ExperimentReport;
import io.mfrecommender.client.model.Explanation;
import io.mfrecommender.client.model.ModelManifest;
import io.mfrecommender.client.model.PostRatingsRequest;
import io.mfrecommender.client.model.PostedRatingsResult;
import io.mfrecommender.client.model.Prediction;
import io.mfrecommender.client.model.Problem;
import io.mfrecommender.client.model.Recommendations;
import io.mfrecommender.client.model.SavedVersions;
import io.mfrecommender.client.model.SimilarMovies;
import io.mfrecommender.client.model.StartExperiment;
import io.mfrecommender.client.model.TrainingJobRequest;
import io.mfrecommender.client.model.TrainingJobView;
import io.mfrecommender.client.model.VariantShare;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Java client generated at build time by openapi-generator (java, native library) from the
 * served document, used as a user would on the first try (#33): recommendations, a prediction,
 * similar movies, ratings posted, a keyed training job to its end, the versions, an experiment
 * started and ended, an explanation, a {@code .pth} exported and imported, and a bad request's
 * problem document read as the typed {@code Problem}. The ratings body is one rating or an array
 * ({@code oneOf}); the generator keeps only the object branch, so this client posts one at a time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GeneratedClientIT {

    private static final String KEY = "generated-client-key-0123456789";
    private static final Path DIR = TinyService.directory("mf-recommender-client");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TinyService.properties(registry, DIR, KEY);
    }

    @LocalServerPort
    int port;

    @Test
    void theReadmesFlowRunsThroughTheGeneratedClient() throws Exception {
        new TinyService(port).awaitReadiness();
        ApiClient client = new ApiClient();
        client.setBasePath("http://127.0.0.1:" + port);
        client.addDefaultHeader("X-API-Key", KEY);

        Recommendations list =
                new RecommendationsApi(client).recommend(1L, 5, null, null, null, null, null, null, null, null, null);
        assertThat(list.getItems()).hasSize(5);
        assertThat(list.getStrategy().getValue()).isEqualTo("personalized");
        long movie = list.getItems().get(0).getMovieId();

        Prediction prediction = new PredictionsApi(client).predict(1L, movie);
        assertThat(prediction.getPredictedRating()).isBetween(1.0, 5.0);
        SimilarMovies similar = new MoviesApi(client).similarMovies(movie, 3, null);
        assertThat(similar.getItems()).hasSize(3);

        PostedRatingsResult posted = new RatingsApi(client)
                .postRatings(88888L, new PostRatingsRequest().movie(movie).rating(5.0));
        assertThat(posted.getStrategy().getValue()).isEqualTo("folded-in");

        TrainingJobsApi jobs = new TrainingJobsApi(client);
        TrainingJobView job =
                jobs.submitTrainingJob(new TrainingJobRequest().activation(TrainingJobRequest.ActivationEnum.NEVER));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (job.getStatus() == TrainingJobView.StatusEnum.QUEUED
                || job.getStatus() == TrainingJobView.StatusEnum.RUNNING) {
            assertThat(Instant.now()).as("the job ends in time").isBefore(deadline);
            Thread.sleep(200);
            job = jobs.getTrainingJob(job.getId());
        }
        assertThat(job.getStatus()).isEqualTo(TrainingJobView.StatusEnum.SUCCEEDED);
        assertThat(job.getModelVersion()).isNotBlank();

        ModelVersionsApi versions = new ModelVersionsApi(client);
        SavedVersions saved = versions.listVersions();
        assertThat(saved.getVersions()).hasSizeGreaterThanOrEqualTo(2);
        String active = saved.getActive();
        ExperimentsApi experiments = new ExperimentsApi(client);
        ExperimentReport started = experiments.startExperiment(new StartExperiment()
                .name("client")
                .variants(List.of(
                        new VariantShare().name("A").version(active).share(50.0),
                        new VariantShare()
                                .name("B")
                                .version(job.getModelVersion())
                                .share(50.0))));
        assertThat(started.getVariants()).hasSize(2);
        ExperimentReport ended = experiments.endExperiment("client", new EndExperiment().promote("A"));
        assertThat(ended.getPromoted()).isEqualTo("A");

        Explanation explanation = new RecommendationsApi(client).explainRecommendation(1L, movie, null);
        assertThat(explanation.getMovieId()).isEqualTo(movie);

        File pth = versions.exportVersionAsPth(active);
        assertThat(pth.length()).isPositive();
        ModelManifest imported = versions.importPth(pth, null, null, "client.pth");
        assertThat(imported.getVersion()).isNotBlank();

        ApiException refused =
                catchThrowableOfType(ApiException.class, () -> new PredictionsApi(client).predict(1L, 999_999L));
        assertThat(refused.getCode()).isEqualTo(404);
        Problem problem = client.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertThat(problem.getType()).isEqualTo("/problems/unknown-movie");
        assertThat(problem.getStatus()).isEqualTo(404);
        assertThat(problem.getMovie()).isEqualTo(999_999L);
    }
}
