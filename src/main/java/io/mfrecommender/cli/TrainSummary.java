package io.mfrecommender.cli;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.Popularity;
import io.mfrecommender.training.AlsTrainer;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.RankerResult;
import io.mfrecommender.training.SgdParameters;
import io.mfrecommender.training.TrainingParameters;
import io.mfrecommender.training.TrainingResult;
import io.mfrecommender.versions.TrainingPlan;
import io.mfrecommender.versions.VersionPipeline;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last line {@code train} prints: one JSON object with the run's settings, its figures on the
 * held-out ratings and, with {@code --ranking-k}, the same ranking figures for the order of
 * predicted ratings, for the most-popular list, and the co-rating of similar movies beside them.
 */
final class TrainSummary {

    /** Similar movies scored per movie in the co-rating comparison. */
    private static final int SIMILAR_K = 10;

    private final Options options;
    private final TrainingPlan plan;
    private final VersionPipeline.Candidate candidate;
    private final Popularity popularity;
    private final double damping;

    TrainSummary(
            Options options,
            TrainingPlan plan,
            VersionPipeline.Candidate candidate,
            Popularity popularity,
            double damping) {
        this.options = options;
        this.plan = plan;
        this.candidate = candidate;
        this.popularity = popularity;
        this.damping = damping;
    }

    Map<String, Object> toMap() {
        ModelRecipe recipe = plan.recipe();
        TrainingParameters parameters = recipe.rating();
        TrainingResult result = candidate.trained().rating();
        FactorModel model = candidate.model();
        Dataset train = candidate.split().train();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("algorithm", parameters.algorithm().id());
        summary.put("factors", parameters.factors());
        if (parameters instanceof SgdParameters sgd) {
            summary.put("implicitRate", sgd.implicitRate());
        }
        summary.put("epochs", result.epochs().size());
        summary.put("bestEpoch", result.bestEpoch());
        summary.put("split", plan.holdOut().toString());
        summary.put("trainRatings", train.size());
        summary.put("ranking", model.ranker().isPresent() ? AlsTrainer.ALGORITHM : "predicted-rating");
        summary.putAll(candidate.evaluation().asMap());
        if (options.has("ranking-k")) {
            summary.putAll(comparisons(model, train, candidate.split().test(), plan.rankingK()));
        }
        summary.put("trainSeconds", result.trainSeconds());
        summary.put("nsPerRatingUpdate", result.nanosPerRatingUpdate());
        if (candidate.trained().ranker() != null) {
            summary.put("ranker", ranker(recipe, candidate.trained().ranker()));
        }
        summary.put("threads", parameters.threads());
        summary.put("seed", parameters.seed());
        return summary;
    }

    private Map<String, Object> comparisons(FactorModel model, Dataset train, Dataset test, int k) {
        Map<String, Object> comparisons = new LinkedHashMap<>();
        comparisons.put(
                "byPredictedRating",
                Evaluator.rankingByPredictedRating(model, train, test, k).asMap());
        float[] popularScores = popularity.scores(train, model.items(), damping);
        Map<String, Object> popular = new LinkedHashMap<>();
        popular.put("popularity", popularity.id());
        popular.putAll(
                Evaluator.rankingOfList(popularScores, model, train, test, k).asMap());
        comparisons.put("popular", popular);
        comparisons.put("similarCoRating", Evaluator.similarCoRating(model, train, test, SIMILAR_K, popularScores));
        return comparisons;
    }

    private static Map<String, Object> ranker(ModelRecipe recipe, RankerResult ranker) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("factors", recipe.ranker().factors());
        section.put("interactions", recipe.ranker().interactions().toString());
        section.put("epochs", ranker.epochs().size());
        section.put("bestEpoch", ranker.bestEpoch());
        section.put("unobservedWeight", ranker.unobservedWeight());
        if (Double.isFinite(ranker.validationNdcg())) {
            section.put("validationNdcg", ranker.validationNdcg());
        }
        section.put("trainSeconds", ranker.trainSeconds());
        section.put(
                "secondsPerEpoch",
                ranker.trainSeconds() / Math.max(1, ranker.epochs().size()));
        return section;
    }
}
