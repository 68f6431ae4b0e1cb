package io.mfrecommender.events;

import io.mfrecommender.api.BatchBody;
import io.mfrecommender.api.InvalidParameterException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /users/{id}/events}, read strictly: one {@code {"movie": 1, "type": "play"}}
 * or an array of them, each with an optional {@code at} (an ISO-8601 instant). A missing or unknown
 * field, a string or fraction for the movie id, a type that is not a string or an {@code at} that is
 * not an instant is a 400 naming the entry ({@code events[2].at}); the type's existence, the time and
 * the movie are checked against the settings and the served version by {@link EventsService}. The
 * same movie and type may appear more than once: two plays are two events.
 */
public record EventBatch(List<NewEvent> events) {

    /** One posted event, as read; {@code at} null when the body gave none (the server's clock then). */
    @Schema(name = "NewEvent", description = "One interaction of the user with a movie")
    public record NewEvent(
            @Schema(description = "Movie id", example = "1", requiredMode = Schema.RequiredMode.REQUIRED)
            long movie,

            @Schema(
                    description = "Event type: one of recommender.events.types (by default view, play, list, "
                            + "purchase) or the negative type (by default not-interested)",
                    example = "play",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String type,

            @Schema(
                    description = "When it happened (ISO-8601 instant); the server's clock when absent",
                    example = "2026-12-08T10:15:30Z",
                    requiredMode = Schema.RequiredMode.NOT_REQUIRED)
            @Nullable
            Instant at) {}

    static EventBatch from(JsonNode body, int maxBatch) {
        List<JsonNode> entries = BatchBody.entries(body, maxBatch, "event", "{\"movie\": 1, \"type\": \"play\"}");
        List<NewEvent> events = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String name = "events[" + i + "]";
            JsonNode entry = entries.get(i);
            if (!entry.isObject()) {
                throw new InvalidParameterException(
                        name, name + " must be an object {\"movie\": id, \"type\": name, \"at\": instant}");
            }
            for (String key : entry.propertyNames()) {
                if (!"movie".equals(key) && !"type".equals(key) && !"at".equals(key)) {
                    throw new InvalidParameterException(
                            name + "." + key,
                            "unknown field '" + key + "' in " + name + "; the fields are movie, type and at");
                }
            }
            events.add(new NewEvent(
                    BatchBody.movieId(entry.get("movie"), name + ".movie"),
                    type(entry.get("type"), name + ".type"),
                    at(entry.get("at"), name + ".at")));
        }
        return new EventBatch(List.copyOf(events));
    }

    private static String type(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            throw new InvalidParameterException(field, "'" + field + "' is required: the event type, a string");
        }
        if (!value.isString()) {
            throw new InvalidParameterException(field, "'" + field + "' must be a string (the event type)");
        }
        return value.stringValue();
    }

    private static Instant at(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidParameterException(
                    field, "'" + field + "' must be an ISO-8601 instant such as 2026-12-08T10:15:30Z");
        }
        try {
            return Instant.parse(value.stringValue());
        } catch (DateTimeException e) {
            throw new InvalidParameterException(
                    field,
                    "'" + field + "' is not an ISO-8601 instant such as 2026-12-08T10:15:30Z: "
                            + io.mfrecommender.text.ClientText.quote(value.stringValue()));
        }
    }
}
