package io.mfrecommender.prediction;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /predict?user=&movie=}: one predicted rating. {@code POST /predictions}: many, in one
 * pass, at most {@code recommender.prediction.max-batch} pairs (more: 413). Unknown movie: 404;
 * unknown user: item baseline; missing or non-numeric ids, malformed JSON: 400.
 */
@RestController
@Tag(name = "Predictions")
class PredictionController {

    private final PredictionService service;

    PredictionController(PredictionService service) {
        this.service = service;
    }

    @GetMapping("/predict")
    @Operation(
            operationId = "predict",
            summary = "Predicted rating of a movie by a user",
            description = "score = μ + b_u + b_i + p_u·q_i; predictedRating is the score clipped to the rating scale. "
                    + "For a user placed from ratings posted since the version was trained (POST /users/{id}/ratings), "
                    + "their folded-in bias and vector (strategy 'folded-in'). For a user the model does not know, "
                    + "the item baseline μ + b_i (strategy 'item-baseline').")
    @ApiResponse(responseCode = "200", description = "The prediction")
    @ApiResponse(responseCode = "400", description = "Missing or non-numeric user or movie")
    @ApiResponse(responseCode = "404", description = "The model does not know the movie")
    Prediction predict(
            @Parameter(description = "User id", example = "42", required = true) @RequestParam long user,
            @Parameter(description = "Movie id", example = "1", required = true) @RequestParam long movie) {
        return service.predict(user, movie);
    }

    @PostMapping("/predictions")
    @Operation(
            operationId = "predictBatch",
            summary = "Predicted ratings for many (user, movie) pairs",
            description = "Same rules as GET /predict for each pair, all from one model, answered in request order. "
                    + "At most recommender.prediction.max-batch pairs (default 1000).")
    @ApiResponse(responseCode = "200", description = "One prediction per pair")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, empty list, or a pair without user or movie")
    @ApiResponse(responseCode = "404", description = "A movie the model does not know (the first one is named)")
    @ApiResponse(responseCode = "413", description = "More pairs than recommender.prediction.max-batch")
    Predictions predictions(@Valid @RequestBody PredictionRequest request) {
        return service.predict(request.pairs());
    }
}
