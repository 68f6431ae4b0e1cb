package io.mfrecommender.experiments;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The bodies of the experiment endpoints, bound and validated as records: an unknown member, a
 * missing one or a value of the wrong type is a 400 naming it ({@code variants[1].share}); what the
 * values mean (saved versions, shares adding up to 100, names) is checked by {@link ExperimentService}.
 */
final class ExperimentRequests {

    private ExperimentRequests() {}

    /**
     * The body of {@code POST /experiments}.
     *
     * @param name     the experiment's name: letters, digits, '-' and '_'
     * @param variants the versions compared, each with its percentage of users (2 to 10)
     */
    record StartExperiment(
            @NotNull @Pattern(regexp = ExperimentValidation.NAME_PATTERN) @Schema(example = "ranker-k128")
            String name,

            @NotNull @Size(min = 2, max = ExperimentValidation.MAX_VARIANTS) @Valid
            List<VariantShare> variants) {

        NewExperiment toNewExperiment() {
            return new NewExperiment(
                    name,
                    variants.stream()
                            .map(share -> new Experiment.Variant(share.name(), share.version(), share.share()))
                            .toList());
        }
    }

    /**
     * One variant of {@link StartExperiment}.
     *
     * @param name    how responses name the variant
     * @param version a saved model version
     * @param share   the percentage of users it serves, in hundredths at the finest
     */
    record VariantShare(
            @NotNull @Pattern(regexp = ExperimentValidation.NAME_PATTERN) @Schema(example = "A")
            String name,

            @NotBlank @Schema(example = "20261127-221530-123-sgd")
            String version,

            @NotNull @DecimalMin("0") @DecimalMax("100") @Schema(example = "70")
            Double share) {}

    /**
     * The body of {@code POST /experiments/{name}/end}.
     *
     * @param promote the variant whose version every user is served from then on
     */
    record EndExperiment(@NotBlank @Schema(example = "B") String promote) {}

    /** A validated experiment as {@link ExperimentService#start} takes it. */
    record NewExperiment(String name, List<Experiment.Variant> variants) {}
}
