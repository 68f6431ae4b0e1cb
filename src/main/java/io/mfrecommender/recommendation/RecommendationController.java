package io.mfrecommender.recommendation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /users/{id}/recommendations?limit=10&offset=0&excludeRated=true&genre=&sort=relevance}:
 * the user's top-N movies, ordered by the model version's ranker (or predicted rating, with
 * {@code sort=predicted-rating} or for a version without a ranker). {@code limit} 1..{@code recommender.serving.max-limit}
 * (default 100), {@code offset} 0..{@code max-offset}; {@code exclude} a comma-separated list of movie
 * ids never to recommend (at most {@code max-exclude}); a genre unknown to the catalog is 400; an
 * unknown user gets popular movies, never 404; 503 with {@code Retry-After} before a model is active.
 */
@RestController
@Tag(name = "Recommendations")
class RecommendationController {

    private final RecommendationService service;

    RecommendationController(RecommendationService service) {
        this.service = service;
    }

    @GetMapping("/users/{id}/recommendations")
    @Operation(
            operationId = "recommend",
            summary = "Top-N movies for a user",
            description = "Movies ordered by the model version's ranker, an implicit-feedback ALS model of what the "
                    + "user is likely to choose (ranking 'ranker'); each carries its predicted rating from the rating "
                    + "model (μ + b_u + b_i + p_u·q_i, clipped to the rating scale). sort=predicted-rating orders by "
                    + "that rating instead, as does a version without a ranker (ranking 'predicted-rating'). "
                    + "Movies the user already rated are left out unless excludeRated=false. A user the model does "
                    + "not know gets the most popular movies (strategy 'popular', ranking 'popularity'); one placed "
                    + "from ratings posted since the version was trained is ranked by their folded-in vectors "
                    + "(strategy 'folded-in'). Rules narrow or reorder the page and combine: exclude, include, genre, "
                    + "minYear/maxYear, diversity; one that leaves nothing gives an empty page.")
    @ApiResponse(responseCode = "200", description = "The list (may be shorter than limit past the end)")
    @ApiResponse(
            responseCode = "400",
            description = "Non-numeric id, limit or offset out of bounds, unknown genre or sort, exclude or include "
                    + "not a list of ids or too long, minYear after maxYear, diversity outside [0, 1]")
    @Parameter(
            name = "limit",
            in = ParameterIn.QUERY,
            description = "How many movies, 1 to recommender.serving.max-limit (default 100)",
            schema = @Schema(type = "integer", format = "int32", defaultValue = "10"))
    @Parameter(
            name = "offset",
            in = ParameterIn.QUERY,
            description = "How many of the best to skip, for paging (0 to recommender.serving.max-offset)",
            schema = @Schema(type = "integer", format = "int32", defaultValue = "0"))
    @Parameter(
            name = "excludeRated",
            in = ParameterIn.QUERY,
            description = "Leave out movies the user already rated",
            schema = @Schema(type = "boolean", defaultValue = "true"))
    @Parameter(
            name = "genre",
            in = ParameterIn.QUERY,
            description = "Only movies of this catalog genre (case-insensitive), e.g. Comedy",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "sort",
            in = ParameterIn.QUERY,
            description = "relevance (the ranker's order, the default) or predicted-rating",
            schema =
                    @Schema(
                            type = "string",
                            defaultValue = "relevance",
                            allowableValues = {"relevance", "predicted-rating"}))
    @Parameter(
            name = "exclude",
            in = ParameterIn.QUERY,
            description = "Movie ids never to recommend, comma-separated (at most recommender.serving.max-exclude, "
                    + "default 1000); ids the model does not know are ignored; e.g. 1,50",
            array = @ArraySchema(schema = @Schema(type = "integer", format = "int64")),
            explode = Explode.FALSE)
    @Parameter(
            name = "include",
            in = ParameterIn.QUERY,
            description = "Rank only these movie ids, comma-separated (at most recommender.serving.max-include, "
                    + "default 1000), in the order the ranker gives them; the other rules still apply; ids the "
                    + "model does not know are ignored; e.g. 1,50,260",
            array = @ArraySchema(schema = @Schema(type = "integer", format = "int64")),
            explode = Explode.FALSE)
    @Parameter(
            name = "minYear",
            in = ParameterIn.QUERY,
            description = "Only movies released in or after this year (movies without a year are left out)",
            schema = @Schema(type = "integer", format = "int32"))
    @Parameter(
            name = "maxYear",
            in = ParameterIn.QUERY,
            description = "Only movies released in or before this year (movies without a year are left out)",
            schema = @Schema(type = "integer", format = "int32"))
    @Parameter(
            name = "diversity",
            in = ParameterIn.QUERY,
            description = "0 to 1: how much a movie's similarity to those above it on the page counts against its "
                    + "relevance (maximal marginal relevance over the ranker's item cosine); 0 keeps the ranker's "
                    + "order",
            schema = @Schema(type = "number", format = "double", defaultValue = "0", minimum = "0", maximum = "1"))
    Recommendations recommendations(
            @Parameter(description = "User id as in the rating data", example = "42") @PathVariable long id,
            @Parameter(hidden = true) ListQuery query) {
        return service.recommend(id, query);
    }
}
