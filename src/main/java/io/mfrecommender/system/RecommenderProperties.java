package io.mfrecommender.system;

import io.mfrecommender.data.DataProperties;
import io.mfrecommender.jobs.JobsProperties;
import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.ratings.RatingsProperties;
import io.mfrecommender.recommendation.ServingProperties;
import io.mfrecommender.training.TrainingProperties;
import jakarta.validation.Valid;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The whole {@code recommender.*} configuration tree; every key is documented in {@code config/application.yml}. */
@ConfigurationProperties("recommender")
@Validated
public record RecommenderProperties(
        @DefaultValue @Valid DataProperties data,
        @DefaultValue @Valid ModelProperties models,
        @DefaultValue @Valid TrainingProperties training,
        @DefaultValue @Valid ServingProperties serving,
        @DefaultValue @Valid JobsProperties jobs,
        @DefaultValue @Valid RatingsProperties ratings,
        @DefaultValue @Valid ApiKeyProperties security,
        @DefaultValue @Valid io.mfrecommender.experiments.ExperimentProperties experiments) {}
