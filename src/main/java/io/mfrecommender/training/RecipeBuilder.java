package io.mfrecommender.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@link ModelRecipe} from a starting recipe and changes by parameter name. Configuration,
 * a training job's body and the command line all describe a recipe this way, so a parameter is
 * named, bounded and defaulted the same whichever way it arrives, and a refusal names the model and
 * the parameter ({@link InvalidRecipeException}) for the caller to spell in its own terms.
 *
 * <p>Precedence: the starting recipe, then {@link #seed} and {@link #threads} (both models), then
 * the per-model changes, which win over the shared ones.
 */
public final class RecipeBuilder {

    private TrainingParameters rating;
    private AlsParameters ranker;
    private AlsParameters rankerBase;
    private final Map<String, Object> shared = new LinkedHashMap<>();
    private final Map<String, Object> ratingChanges = new LinkedHashMap<>();
    private final Map<String, Object> rankerChanges = new LinkedHashMap<>();

    private RecipeBuilder(ModelRecipe start) {
        this.rating = start.rating();
        this.ranker = start.ranker();
        this.rankerBase = start.ranker() != null ? start.ranker() : AlsParameters.defaults();
    }

    /** Starts from {@code start}: a job starts from the configured recipe. */
    public static RecipeBuilder from(ModelRecipe start) {
        return new RecipeBuilder(start);
    }

    /** Starts from the defaults of {@code algorithm}, with the ranker (none for {@code adam}, the notebook's recipe). */
    public static RecipeBuilder defaults(Algorithm algorithm) {
        return new RecipeBuilder(new ModelRecipe(
                TrainingParameters.defaults(algorithm), algorithm == Algorithm.ADAM ? null : AlsParameters.defaults()));
    }

    /** Another algorithm starts from its own defaults; the same one keeps the starting parameters. */
    public RecipeBuilder algorithm(Algorithm algorithm) {
        if (algorithm != rating.algorithm()) {
            rating = TrainingParameters.defaults(algorithm);
        }
        return this;
    }

    public RecipeBuilder seed(long seed) {
        shared.put("seed", seed);
        return this;
    }

    /** Worker threads of both models (the sequential {@code adam} has none). */
    public RecipeBuilder threads(int threads) {
        shared.put("threads", threads);
        return this;
    }

    /** The rating model's parameters, by name. */
    public RecipeBuilder rating(Map<String, ?> changes) {
        ratingChanges.putAll(changes);
        return this;
    }

    /** With or without the ranker; turned on, it starts from the starting recipe's or the defaults. */
    public RecipeBuilder ranker(boolean enabled) {
        ranker = enabled ? rankerBase : null;
        return this;
    }

    /** The ranker's parameters, by name. */
    public RecipeBuilder ranker(Map<String, ?> changes) {
        rankerChanges.putAll(changes);
        return this;
    }

    public boolean hasRanker() {
        return ranker != null;
    }

    /** @throws InvalidRecipeException naming the model and the parameter refused */
    public ModelRecipe build() {
        Map<String, Object> ratingOverrides = new LinkedHashMap<>(shared);
        if (!(rating instanceof SgdParameters)) {
            ratingOverrides.remove("threads");
        }
        ratingOverrides.putAll(ratingChanges);
        TrainingParameters builtRating;
        try {
            builtRating = rating.with(ratingOverrides);
        } catch (ParameterException e) {
            throw new InvalidRecipeException(EpochReport.RATING, e);
        }
        if (ranker == null) {
            return new ModelRecipe(builtRating, null);
        }
        Map<String, Object> rankerOverrides = new LinkedHashMap<>(shared);
        rankerOverrides.putAll(rankerChanges);
        try {
            return new ModelRecipe(builtRating, ranker.with(rankerOverrides));
        } catch (ParameterException e) {
            throw new InvalidRecipeException(EpochReport.RANKER, e);
        }
    }

    /** A refused parameter of one of the two models. */
    public static final class InvalidRecipeException extends IllegalArgumentException {

        private final String model;
        private final ParameterException refused;

        InvalidRecipeException(String model, ParameterException refused) {
            super(refused.getMessage(), refused);
            this.model = model;
            this.refused = refused;
        }

        /** {@link EpochReport#RATING} or {@link EpochReport#RANKER}. */
        public String model() {
            return model;
        }

        public ParameterException refused() {
            return refused;
        }
    }
}
