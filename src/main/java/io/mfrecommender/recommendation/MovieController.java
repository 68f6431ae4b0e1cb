package io.mfrecommender.recommendation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /movies/{id}}: catalog entry and rating statistics. {@code GET /movies/{id}/similar?limit=10}:
 * movies whose item factors, whitened half way by their Gramian, have the highest cosine similarity
 * (the ranker's factors when the version has a ranker, the rating model's otherwise). Unknown movie:
 * 404; bad limit: 400.
 */
@RestController
@Tag(name = "Movies")
class MovieController {

    private final RecommendationService service;

    MovieController(RecommendationService service) {
        this.service = service;
    }

    @GetMapping("/movies/{id}")
    @Operation(
            operationId = "getMovie",
            summary = "A movie",
            description = "Title, year and genres from the catalog, and the number and "
                    + "mean of its ratings in the serving data.")
    @ApiResponse(responseCode = "200", description = "The movie")
    @ApiResponse(responseCode = "400", description = "Non-numeric id")
    @ApiResponse(responseCode = "404", description = "Neither the model nor the catalog knows the movie")
    MovieView movie(@Parameter(description = "Movie id as in the rating data", example = "1") @PathVariable long id) {
        return service.movie(id);
    }

    @GetMapping("/movies/{id}/similar")
    @Operation(
            operationId = "similarMovies",
            summary = "Movies similar to a movie",
            description = "Ranked by cosine similarity of item factor vectors after whitening them half way by "
                    + "their Gramian (G^-1/4 h), which keeps widely watched movies from being similar to everything: "
                    + "the ranker's (what people choose together) when the model version has one, the rating "
                    + "model's q_i otherwise.")
    @ApiResponse(responseCode = "200", description = "Most similar first")
    @ApiResponse(responseCode = "400", description = "Non-numeric id or limit out of bounds")
    @ApiResponse(responseCode = "404", description = "The model has no factors for the movie")
    SimilarMovies similar(
            @Parameter(description = "Movie id as in the rating data", example = "1") @PathVariable long id,
            @Parameter(description = "How many movies, 1 to recommender.serving.max-limit (default 100)")
                    @RequestParam(defaultValue = "10")
                    int limit,
            @Parameter(
                            description = "A user whose not-interested movies are left out (POST /users/{id}/events)",
                            example = "42")
                    @RequestParam(required = false)
                    Long user) {
        return service.similar(id, limit, user);
    }
}
