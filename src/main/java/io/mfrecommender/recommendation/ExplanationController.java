package io.mfrecommender.recommendation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /users/{id}/recommendations/{movie}/explanation}: why the movie is recommended to the user. */
@RestController
@Tag(name = "Recommendations")
class ExplanationController {

    private final ExplanationService service;

    ExplanationController(ExplanationService service) {
        this.service = service;
    }

    @GetMapping("/users/{id}/recommendations/{movie}/explanation")
    @Operation(
            operationId = "explainRecommendation",
            summary = "Why a movie is recommended to a user",
            description = "The user's rated movies that contribute most to the ranker's score of the movie, each with "
                    + "its contribution and share: exact for the implicit-ALS ranker (the score of the user's vector "
                    + "re-solved from their ratings is the sum of one term per rated movie, Hu, Koren and Volinsky "
                    + "2008, §5), the rest summed in otherContributions. Also the rating model's prediction split "
                    + "into global mean, user bias, movie bias and the factor product, and the rated movies most "
                    + "similar to this one. A user the model does not know gets strategy 'popular' and no "
                    + "contributions.")
    @ApiResponse(responseCode = "200", description = "The explanation")
    @ApiResponse(responseCode = "400", description = "Non-numeric id or movie, limit out of bounds")
    @ApiResponse(responseCode = "404", description = "A movie the serving model version does not know")
    @ApiResponse(responseCode = "503", description = "No model is active yet")
    Explanation explanation(
            @Parameter(description = "User id as in the rating data", example = "42") @PathVariable long id,
            @Parameter(description = "Movie id", example = "50") @PathVariable long movie,
            @Parameter(description = "How many contributions to list, largest first (1 to max-limit)")
                    @RequestParam(defaultValue = "10")
                    int limit) {
        return service.explain(id, movie, limit);
    }
}
