package io.mfrecommender.events;

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
 * {@code POST /users/{id}/events} (201; 400 naming the bad entry, 404 unknown movie, 413 more than
 * {@code recommender.events.max-batch}: nothing of a refused batch is stored),
 * {@code GET /users/{id}/events?limit=100&offset=0} (404 for a user with no events) and
 * {@code DELETE /users/{id}/events/{movie}/{type}} (204; 404 when there is nothing to delete).
 * 503 before a model is active, and while the log cannot be written.
 */
@RestController
@Tag(name = "Events")
class EventsController {

    private static final String UNAVAILABLE = "No model is active yet, or posted events cannot be stored now (the "
            + "journal's disk is full or read-only, or the ratings database is away; nothing was stored); retry "
            + "after Retry-After seconds";

    private final EventsService service;

    EventsController(EventsService service) {
        this.service = service;
    }

    @PostMapping("/users/{id}/events")
    @Operation(
            operationId = "postEvents",
            summary = "Record what the user did (views, plays, purchases, not interested); their list changes at once",
            description = "One {movie, type, at?} or an array of them. The whole batch is checked first (a "
                    + "configured type, at not later than the server's clock plus recommender.events.future-tolerance, "
                    + "a known movie); then it is forced to the same log as ratings and the user's ranker vector is "
                    + "re-solved with the new confidences: each positive type adds weight·(1 + ln count) to the "
                    + "movie's confidence, and the negative type (not-interested) removes the movie from the user's "
                    + "lists and counts as an observed zero. Events do not change predicted ratings: an event is not "
                    + "a star.")
    @ApiResponse(responseCode = "201", description = "Stored; the body lists the user's tallies the batch touched")
    @ApiResponse(
            responseCode = "400",
            description = "Malformed entry, unknown event type, a time in the future beyond the tolerance")
    @ApiResponse(responseCode = "404", description = "A movie neither in the catalog nor in the model")
    @ApiResponse(responseCode = "413", description = "More events than recommender.events.max-batch")
    @ApiResponse(responseCode = "503", description = UNAVAILABLE)
    ResponseEntity<PostedEventsResult> post(
            @Parameter(description = "User id; a new one is personalised from their first event", example = "42")
                    @PathVariable
                    long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "One event, or an array of them (at most recommender.events.max-batch)",
                            content =
                                    @Content(
                                            schema =
                                                    @Schema(
                                                            oneOf = {
                                                                EventBatch.NewEvent.class,
                                                                EventBatch.NewEvent[].class
                                                            }),
                                            examples =
                                                    @ExampleObject(
                                                            value =
                                                                    "[{\"movie\": 1, \"type\": \"play\"}, {\"movie\": 10, \"type\": \"not-interested\"}]")))
                    @RequestBody
                    JsonNode body) {
        PostedEventsResult result = service.post(id, body);
        return ResponseEntity.created(URI.create("/users/" + id + "/events")).body(result);
    }

    @GetMapping("/users/{id}/events")
    @Operation(
            operationId = "listUserEvents",
            summary = "The user's posted events: per movie and type, how many and when the last was",
            description = "By movie id, then type; total counts the (movie, type) pairs.")
    @ApiResponse(responseCode = "200", description = "One page")
    @ApiResponse(responseCode = "400", description = "limit or offset out of bounds")
    @ApiResponse(responseCode = "404", description = "The service has no event of this user")
    UserEventsPage list(
            @PathVariable long id,
            @Parameter(description = "Pairs per page, 1 to 1000") @RequestParam(defaultValue = "100") int limit,
            @Parameter(description = "Pairs to skip") @RequestParam(defaultValue = "0") int offset) {
        return service.list(id, limit, offset);
    }

    @DeleteMapping("/users/{id}/events/{movie}/{type}")
    @Operation(
            operationId = "deleteEvents",
            summary = "Remove the user's events of one type on one movie (journalled; the user is re-folded at once)",
            description = "Undoes a not-interested, say: the movie may come back to the user's lists.")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "404", description = "The user has no events of this type on this movie")
    @ApiResponse(responseCode = "503", description = UNAVAILABLE)
    ResponseEntity<Void> delete(
            @PathVariable long id,
            @PathVariable long movie,
            @Parameter(description = "Event type", example = "not-interested") @PathVariable String type) {
        service.delete(id, movie, type);
        return ResponseEntity.noContent().build();
    }
}
