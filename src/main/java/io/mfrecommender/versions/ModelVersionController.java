package io.mfrecommender.versions;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.model.ModelManifest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /models} (saved versions, newest first, and which is active), {@code GET /models/{version}}
 * (404 unknown), {@code PUT /models/active} with {@code {"version": "…"}}: load, validate and serve
 * that version in one atomic swap (rollback); 404 unknown, 409 when it does not load.
 */
@RestController
@Tag(name = "Model versions")
class ModelVersionController {

    private final ModelVersions versions;

    ModelVersionController(ModelVersions versions) {
        this.versions = versions;
    }

    record SavedVersions(@Nullable String active, List<ModelManifest> versions) {}

    /** The body of {@code PUT /models/active}. */
    record ActivationRequest(
            @Schema(example = "20261201-221530-123-sgd") String version) {}

    @GetMapping("/models")
    @Operation(
            operationId = "listVersions",
            summary = "Saved model versions, newest first, with their manifests",
            description =
                    "Every saved version with its manifest (algorithm, hyperparameters, data, evaluation, ranker) and the name of the one served; file paths are never included.")
    @ApiResponse(responseCode = "200", description = "The versions and the active one's name")
    SavedVersions list() {
        return new SavedVersions(
                versions.current().map(s -> s.version()).orElse(null),
                versions.list().stream().map(ModelManifest::withoutPaths).toList());
    }

    @GetMapping("/models/{version}")
    @Operation(
            operationId = "getVersion",
            summary = "One model version's manifest",
            description = "What the version was trained with and on, and what was measured before it was saved.")
    @ApiResponse(responseCode = "200", description = "The manifest")
    @ApiResponse(responseCode = "404", description = "No such version")
    ModelManifest get(@PathVariable String version) {
        return versions.manifest(version).withoutPaths();
    }

    @PutMapping("/models/active")
    @Operation(
            operationId = "activateVersion",
            summary = "Serve another saved version (rollback)",
            description = "Loads and validates the version, then swaps it in atomically; requests in flight finish "
                    + "on the version they started with.")
    @ApiResponse(responseCode = "200", description = "The version now served")
    @ApiResponse(responseCode = "400", description = "Missing or malformed version name")
    @ApiResponse(responseCode = "404", description = "No such version")
    @ApiResponse(responseCode = "409", description = "The version does not load; the served one is unchanged")
    ModelManifest activate(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = ActivationRequest.class)))
                    @RequestBody
                    Map<String, Object> body) {
        for (String field : body.keySet()) {
            if (!field.equals("version")) {
                throw new InvalidParameterException(
                        field, "unknown field '" + field + "'; the body is {\"version\": \"...\"}");
            }
        }
        if (!(body.get("version") instanceof String version) || version.isBlank()) {
            throw new InvalidParameterException(
                    "version", "the body must name a version as a " + "string: {\"version\": \"...\"}");
        }
        return versions.activate(version.strip()).model().manifest().withoutPaths();
    }
}
