package io.mfrecommender.prediction;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code recommender.prediction.*} (formerly {@code recommender.serving.max-batch}, which still works).
 *
 * @param maxBatch most pairs one {@code POST /predictions} may carry (more: 413)
 */
@ConfigurationProperties("recommender.prediction")
@Validated
public record PredictionProperties(
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxBatch) {

    public static PredictionProperties defaults() {
        return new PredictionProperties(1000);
    }
}
