package io.mfrecommender.ratings;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /users/{id}/ratings} (201; 400 naming the bad entry, 404 unknown movie, 413 more
 * than {@code recommender.ratings.max-batch}: nothing of a refused batch is stored),
 * {@code GET /users/{id}/ratings?limit=100&offset=0} (404 for a user with no ratings),
 * {@code DELETE /users/{id}/ratings/{movie}} and {@code DELETE /users/{id}} (204; 404 when there is
 * nothing to delete). 503 before a model is active.
 */
@RestController
@Tag(name = "Ratings")
class RatingsController {

    private final RatingsService service;

    RatingsController(RatingsService service) {
        this.service = service;
    }

    @PostMapping("/users/{id}/ratings")
    @Operation(
            operationId = "postRatings",
            summary = "Rate movies; the user's predictions and recommendations change at once",
            description = "One {movie, rating} or an array of them. The whole batch is checked first (known movie, "
                    + "rating inside the scale, each movie once); then it is forced to the rating journal on disk and "
                    + "the user is folded into both models of the served version: their bias and vectors re-solved "
                    + "against the fixed item factors. The next /predict and /users/{id}/recommendations answer with "
                    + "strategy 'folded-in'; the next training job trains on these ratings.")
    @ApiResponse(responseCode = "201", description = "Stored; the body lists what was stored")
    @ApiResponse(responseCode = "400", description = "Malformed entry, rating outside the scale, duplicate movie")
    @ApiResponse(responseCode = "404", description = "A movie neither in the catalog nor in the model")
    @ApiResponse(responseCode = "413", description = "More ratings than recommender.ratings.max-batch")
    @ApiResponse(
            responseCode = "503",
            description = "No model is active yet, or posted ratings cannot be stored now (the journal's disk is "
                    + "full or read-only, or the ratings database is away; nothing was stored); retry after "
                    + "Retry-After seconds")
    ResponseEntity<PostedRatingsResult> post(
            @Parameter(description = "User id; a new one is personalised from their first rating", example = "42")
                    @PathVariable
                    long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "One rating, or an array of them (at most recommender.ratings.max-batch)",
                            content =
                                    @Content(
                                            schema =
                                                    @Schema(
                                                            oneOf = {
                                                                RatingBatch.NewRating.class,
                                                                RatingBatch.NewRating[].class
                                                            }),
                                            examples =
                                                    @ExampleObject(
                                                            value =
                                                                    "[{\"movie\": 1, \"rating\": 8}, {\"movie\": 10, \"rating\": 6}]")))
                    @RequestBody
                    JsonNode body) {
        PostedRatingsResult result = service.post(id, body);
        return ResponseEntity.created(URI.create("/users/" + id + "/ratings")).body(result);
    }

    @GetMapping("/users/{id}/ratings")
    @Operation(
            operationId = "listUserRatings",
            summary = "The user's ratings: loaded data and posted ones, latest per movie, by movie id",
            description =
                    "Each rating with its movie title, the rating, when it was made and its source: data (loaded) or posted; total counts them all. Open to every caller (the API key guards changes only).")
    @ApiResponse(responseCode = "200", description = "One page")
    @ApiResponse(responseCode = "400", description = "limit or offset out of bounds")
    @ApiResponse(responseCode = "404", description = "The service has no rating of this user")
    UserRatingsPage list(
            @PathVariable long id,
            @Parameter(description = "Ratings per page, 1 to 1000") @RequestParam(defaultValue = "100") int limit,
            @Parameter(description = "Ratings to skip") @RequestParam(defaultValue = "0") int offset) {
        return service.list(id, limit, offset);
    }

    @DeleteMapping("/users/{id}/ratings/{movie}")
    @Operation(
            operationId = "deleteRating",
            summary = "Remove one of the user's ratings (journalled; the user is re-folded at once)",
            description =
                    "The removal is forced to the journal (or the database) before it is applied; the user is folded in again from the ratings left, so their lists and predictions change at once.")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "404", description = "The user has no rating of this movie")
    @ApiResponse(
            responseCode = "503",
            description = "No model is active yet, or posted ratings cannot be stored now (the journal's disk is "
                    + "full or read-only, or the ratings database is away; nothing was stored); retry after "
                    + "Retry-After seconds")
    ResponseEntity<Void> deleteRating(@PathVariable long id, @PathVariable long movie) {
        service.deleteRating(id, movie);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/users/{id}")
    @Operation(
            operationId = "eraseUser",
            summary = "Erase a user: every rating and their vectors in the served model, at once",
            description = "Journalled, so a restart and the next training job honour it. Afterwards the user is "
                    + "unknown: item-baseline predictions, popular recommendations, 404 on their ratings.")
    @ApiResponse(responseCode = "204", description = "Erased")
    @ApiResponse(responseCode = "404", description = "The service does not know the user")
    @ApiResponse(
            responseCode = "503",
            description = "No model is active yet, or posted ratings cannot be stored now (the journal's disk is "
                    + "full or read-only, or the ratings database is away; nothing was stored); retry after "
                    + "Retry-After seconds")
    ResponseEntity<Void> erase(@PathVariable long id) {
        service.eraseUser(id);
        return ResponseEntity.noContent().build();
    }
}
