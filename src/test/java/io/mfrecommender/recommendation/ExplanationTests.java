package io.mfrecommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.Strategy;
import io.mfrecommender.api.UnknownMovieException;
import io.mfrecommender.data.DatasetBuilder;
import io.mfrecommender.data.LoadReport;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.RatingFormat;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.model.RankerManifest;
import io.mfrecommender.model.RankingFactors;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.model.TinyModel;
import io.mfrecommender.model.TinyServing;
import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.ratings.RatingJournal;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An explanation worked by hand. {@link TinyModel}'s rating model, a ranker with k = 2, α₀ = 0.5,
 * λ = 0.1 and ν = 0 (so λ_u = 0.1), every rating counted with confidence 1:
 * <pre>
 *   items  100: y = (1, 0)   200: y = (0, 1)   300: y = (1, 1)     YᵀY = [[2, 1], [1, 2]]
 *   user 10 rated 100 (4) and 300 (5); its stored ranker vector is (1, 0)
 *
 *   A = α₀ YᵀY + y₁₀₀y₁₀₀ᵀ + y₃₀₀y₃₀₀ᵀ + λ_u I = [[1, .5], [.5, 1]] + [[1, 0], [0, 0]] + [[1, 1], [1, 1]] + 0.1 I
 *     = [[3.1, 1.5], [1.5, 2.1]],  det 4.26
 *   explaining 200:  z = A⁻¹ y₂₀₀ = (−1.5, 3.1) / 4.26
 *     contribution of 300 = y₃₀₀·z = 1.6 / 4.26 = 0.375587
 *     contribution of 100 = y₁₀₀·z = −1.5 / 4.26 = −0.352113
 *     score = 0.1 / 4.26 = 0.023474 (the stored vector's: (1, 0)·(0, 1) = 0)
 *   rating model for (10, 200): μ 3 + b_u 0.5 + b_i −0.5 + p·q (1, 0.5)·(1, 1) = 1.5 → 4.5
 *   rated movies by cosine to 200: 300 (1/√2), 100 (0)
 * </pre>
 */
class ExplanationTests {

    @TempDir
    Path dir;

    private ServedVersion served;
    private PostedRatingsStore store;
    private ExplanationService explanations;

    @BeforeEach
    void serve() {
        RankerManifest manifest = new RankerManifest(
                "ials",
                2,
                Map.of("factors", 2, "unobservedWeight", 0.5, "regularization", 0.1, "frequencyExponent", 0.0),
                null);
        RankingFactors ranker =
                new RankingFactors(manifest, 2, 3, new float[] {1f, 0f, 0f, 1f}, new float[] {1f, 0f, 0f, 1f, 1f, 1f});
        var ratings = new DatasetBuilder()
                .add(10, 100, 4, 1)
                .add(10, 300, 5, 2)
                .add(20, 300, 1, 3)
                .build(null);
        store = new PostedRatingsStore(
                new RatingJournal(dir.resolve("journal")),
                Timer.builder("fold-in").register(new SimpleMeterRegistry()));
        store.withPosted(new LoadedData(
                "tiny",
                ratings,
                new LoadReport("tiny", RatingFormat.DOUBLE_COLON, 3, 3, 0, 0, List.of()),
                TinyServing.catalog()));
        served = new ServedVersion();
        served.activate(new ServingModel(
                TinyModel.create().withRanker(ranker),
                ratings,
                TinyServing.catalog(),
                Popularity.COUNT_TIMES_MEAN,
                10));
        explanations = new ExplanationService(served, () -> store, ServingProperties.defaults());
    }

    @Test
    void theRankersScoreSplitsIntoOneTermPerRatedMovie() {
        Explanation explanation = explanations.explain(10, 200, 10);

        assertThat(explanation.strategy()).isEqualTo(Strategy.PERSONALIZED);
        assertThat(explanation.modelVersion()).isEqualTo("tiny");
        assertThat(explanation.variant()).isNull();
        assertThat(explanation.rankerScore()).isCloseTo(0.1 / 4.26, within(1e-6));
        assertThat(explanation.servedScore()).isCloseTo(0, within(1e-9));
        assertThat(explanation.contributions())
                .extracting(Explanation.Contribution::movieId)
                .containsExactly(300L, 100L);
        assertThat(explanation.contributions().get(0).contribution()).isCloseTo(1.6 / 4.26, within(1e-6));
        assertThat(explanation.contributions().get(0).share()).isCloseTo(16.0, within(1e-4));
        assertThat(explanation.contributions().get(0).rating()).isEqualTo(5.0);
        assertThat(explanation.contributions().get(0).title()).isEqualTo("Gamma");
        assertThat(explanation.contributions().get(1).contribution()).isCloseTo(-1.5 / 4.26, within(1e-6));
        assertThat(explanation.contributions().get(1).share()).isCloseTo(-15.0, within(1e-4));
        assertThat(explanation.otherContributions()).isCloseTo(0, within(1e-12));
        double sum = explanation.contributions().stream()
                .mapToDouble(Explanation.Contribution::contribution)
                .sum();
        assertThat(sum).isCloseTo(explanation.rankerScore(), within(1e-4));
    }

    @Test
    void theContributionsAreThoseOfTheVectorFoldInSolves() {
        var model = served.current().model();
        float[] vector =
                store.foldIn(model).fold(new int[] {0, 2}, new float[] {4, 5}).rankerVector();
        assertThat((double) vector[0] * 0 + vector[1] * 1).isCloseTo(0.1 / 4.26, within(1e-6));
    }

    @Test
    void contributionsPastTheLimitAreSummed() {
        Explanation explanation = explanations.explain(10, 200, 1);
        assertThat(explanation.contributions()).hasSize(1);
        assertThat(explanation.otherContributions()).isCloseTo(-1.5 / 4.26, within(1e-6));
        assertThat(explanation.contributions().get(0).contribution() + explanation.otherContributions())
                .isCloseTo(explanation.rankerScore(), within(1e-9));
    }

    @Test
    void theRatingModelsTermsAndTheClosestRatedMovies() {
        Explanation explanation = explanations.explain(10, 200, 10);
        Explanation.RatingTerms terms = explanation.rating();
        assertThat(terms.globalMean()).isCloseTo(3, within(1e-6));
        assertThat(terms.userBias()).isCloseTo(0.5, within(1e-6));
        assertThat(terms.itemBias()).isCloseTo(-0.5, within(1e-6));
        assertThat(terms.factors()).isCloseTo(1.5, within(1e-6));
        assertThat(terms.score()).isCloseTo(4.5, within(1e-6));
        assertThat(terms.predictedRating()).isCloseTo(4.5, within(1e-6));
        assertThat(explanation.similarRated())
                .extracting(Explanation.SimilarRated::movieId)
                .containsExactly(300L, 100L);
        assertThat(explanation.similarRated().get(0).similarity()).isCloseTo(Math.sqrt(0.5), within(1e-6));
    }

    @Test
    void aUserTheModelDoesNotKnowIsExplainedByPopularity() {
        Explanation explanation = explanations.explain(99, 200, 10);
        assertThat(explanation.strategy()).isEqualTo(Strategy.POPULAR);
        assertThat(explanation.contributions()).isEmpty();
        assertThat(explanation.rankerScore()).isNull();
        assertThat(explanation.rating().userBias()).isZero();
        assertThat(explanation.rating().score()).isCloseTo(2.5, within(1e-6));
    }

    @Test
    void anUnknownMovieIs404AndABadLimit400() {
        Assertions.assertThatThrownBy(() -> explanations.explain(10, 999, 10))
                .isInstanceOf(UnknownMovieException.class);
        Assertions.assertThatThrownBy(() -> explanations.explain(10, 200, 0))
                .isInstanceOf(InvalidParameterException.class);
    }
}
