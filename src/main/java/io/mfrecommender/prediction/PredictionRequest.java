package io.mfrecommender.prediction;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code POST /predictions}: the (user, movie) pairs to predict. */
public record PredictionRequest(
        @NotNull @Size(min = 1, message = "must hold at least one pair") @Valid
        List<@NotNull @Valid Pair> pairs) {

    /** One pair; both ids are required. */
    public record Pair(@NotNull Long user, @NotNull Long movie) {}
}
