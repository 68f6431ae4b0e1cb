package io.mfrecommender.training;

import jakarta.validation.constraints.DecimalMax;
import java.util.LinkedHashMap;
import java.util.Map;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code recommender.training.*}: how the service trains when it has to (at startup with no
 * saved model). Unset values take the algorithm's defaults ({@link TrainingParameters#defaults}).
 *
 * @param algorithm {@code sgd} (default) or {@code adam} (the seed notebook's recipe)
 * @param factors   k; unset: 128 for sgd, 20 for adam
 * @param epochs    maximum epochs; unset: 300 for sgd (early stopping ends sooner), 10 for adam
 * @param seed      random seed
 * @param threads   SGD worker threads; unset: the number of cores
 * @param implicitRate SGD's implicit-feedback step; unset: 2.0; 0 trains plain biased MF
 */
public record TrainingProperties(@DefaultValue("sgd") @NotNull Algorithm algorithm,
                                 @Min(1) @Max(TrainingParameters.MAX_FACTORS) Integer factors,
                                 @Min(1) @Max(TrainingParameters.MAX_EPOCHS) Integer epochs,
                                 @DefaultValue("42") long seed,
                                 @Min(1) @Max(TrainingParameters.MAX_THREADS) Integer threads,
                                 @DecimalMin("0") @DecimalMax("100") Double implicitRate) {

    public TrainingParameters toParameters() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("seed", seed);
        if (factors != null) {
            overrides.put("factors", factors);
        }
        if (epochs != null) {
            overrides.put("epochs", epochs);
        }
        if (threads != null && algorithm == Algorithm.SGD) {
            overrides.put("threads", threads);
        }
        if (implicitRate != null && algorithm == Algorithm.SGD) {
            overrides.put("implicitRate", implicitRate);
        }
        return TrainingParameters.defaults(algorithm).with(overrides);
    }
}
