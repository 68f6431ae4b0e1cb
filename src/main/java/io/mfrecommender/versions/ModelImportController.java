package io.mfrecommender.versions;

import io.mfrecommender.api.ConflictException;
import io.mfrecommender.api.InvalidModelFileException;
import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.ModelNotReadyException;
import io.mfrecommender.api.ModelVersioned;
import io.mfrecommender.api.ProblemTypes;
import io.mfrecommender.api.StorageUnavailableException;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelManifest;
import io.mfrecommender.model.ModelStoreException;
import io.mfrecommender.pytorch.PthFormatException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * PyTorch state dicts in and out over HTTP (key required for both):
 * {@code POST /models/imports} takes a {@code .pth} as the request body, maps it to ids through the
 * ratings the service serves, and saves it as a new version (201, not activated: {@code PUT
 * /models/active} serves it); {@code GET /models/{version}/pth} returns a version as the notebook's
 * state dict. A refused file is a 400 naming what is wrong; nothing saved, nothing served changes.
 */
@RestController
@Tag(name = "Model versions")
class ModelImportController {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final ModelVersions versions;
    private final PthImports imports;

    ModelImportController(ModelVersions versions, PthImports imports) {
        this.versions = versions;
        this.imports = imports;
    }

    @PostMapping(path = "/models/imports", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(
            operationId = "importPth",
            summary = "Import a PyTorch state dict (.pth) as a new model version",
            description = "The body is the file torch.save(model.state_dict(), f) wrote. Its tables are read as the "
                    + "seed notebook's: row id − 1 per user and movie, mapped through the ratings this service serves "
                    + "(rows no rating names are dropped). The pickle is read without running anything: any class "
                    + "or function beyond a state dict's is refused. Saved, not activated.")
    @ApiResponse(responseCode = "201", description = "The saved version's manifest; Location names it")
    @ApiResponse(
            responseCode = "400",
            description = "The file is refused, or a parameter is invalid; the detail says why")
    @ApiResponse(responseCode = "401", description = "No or a wrong X-API-Key")
    @ApiResponse(responseCode = "409", description = "This instance's models directory is read-only")
    @ApiResponse(
            responseCode = "413",
            description = "Larger than recommender.models.max-import-bytes, or its tables would take more memory to "
                    + "read than recommender.models.max-import-memory-bytes")
    @ApiResponse(
            responseCode = "503",
            description = "recommender.models.max-concurrent-imports uploads are under way or the imports under way "
                    + "hold the memory this one needs (server-busy), the models disk cannot take the file "
                    + "(storage-unavailable), or no ratings are loaded yet; retry after Retry-After seconds")
    @RequestBody(
            required = true,
            description = "The .pth file, sent as it is; received onto the models disk, never held in memory",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                            schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<ModelManifest> importStateDict(
            InputStream file,
            @Parameter(
                            description = "Tensor names when not the notebook's: key=name pairs, keys user-factors, "
                                    + "item-factors, user-bias, item-bias, global-bias",
                            example = "user-factors=user_factors.weight")
                    @RequestParam(required = false)
                    String tensors,
            @Parameter(
                            description = "als: train an implicit-ALS ranker on the served ratings to order lists "
                                    + "(the request waits for it); none: lists by predicted rating")
                    @RequestParam(defaultValue = "none")
                    String ranker,
            @Parameter(description = "The file's name, as the manifest records it")
                    @RequestParam(defaultValue = "upload.pth")
                    String name) {
        versions.requireWritable("import model versions");
        NotebookModels.TensorNames names;
        try {
            names = NotebookModels.TensorNames.parse(tensors);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("tensors", e.getMessage());
        }
        boolean withRanker = switch (ranker.strip()) {
            case "als" -> true;
            case "none" -> false;
            default -> throw new InvalidParameterException("ranker", "ranker must be 'als' or 'none'");
        };
        if (!FILE_NAME.matcher(name).matches()) {
            throw new InvalidParameterException("name", "name must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        LoadedData data = versions.servedData()
                .orElseThrow(
                        () -> new ModelNotReadyException("The service has not loaded its ratings yet. Retry shortly."));
        FactorModel saved;
        try {
            saved = imports.importStateDict(file, data, names, name, withRanker);
        } catch (PthFormatException e) {
            throw new InvalidModelFileException(e.getMessage(), e.refusedGlobal());
        } catch (ModelStoreException e) {
            throw new StorageUnavailableException(
                    "the imported version could not be saved to the models disk; nothing was kept");
        }
        return ResponseEntity.created(URI.create("/models/" + saved.version()))
                .body(saved.manifest().withoutPaths());
    }

    // No `produces`: the file is always sent as application/octet-stream, whatever Accept lists. A client
    // generated from the document accepts the problem type of the error answers too and may send only
    // that (openapi-generator's Java clients do); a 406 for it would make the download impossible.
    @GetMapping(path = "/models/{version}/pth")
    @Operation(
            operationId = "exportVersionAsPth",
            summary = "A model version as a PyTorch state dict (.pth)",
            description = "The notebook's layout: user_factors.weight and item_factors.weight, row id − 1. A version "
                    + "with biases has k + 2 factors per row, the last two carrying μ + b_u and b_i, so that "
                    + "MatrixFactorization(n_users, n_items, n_factors=k + 2) predicts its scores. The file is "
                    + "written as it is sent (rows of ids the version does not know are zeros), never whole in "
                    + "memory.")
    @ApiResponse(
            responseCode = "200",
            description = "The file",
            headers = {
                @Header(
                        name = ModelVersioned.HEADER,
                        description = "The version written",
                        schema = @Schema(type = "string")),
                @Header(
                        name = HttpHeaders.CONTENT_DISPOSITION,
                        description = "attachment; filename=\"<version>.pth\"",
                        schema = @Schema(type = "string"))
            },
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "401", description = "No or a wrong X-API-Key")
    @ApiResponse(responseCode = "404", description = "No such version")
    @ApiResponse(responseCode = "409", description = "Its ids do not fit the notebook's layout (below 1, or too large)")
    @ApiResponse(
            responseCode = "503",
            description = "recommender.models.max-concurrent-exports exports are being written (server-busy); retry "
                    + "after Retry-After seconds")
    void export(@PathVariable String version, HttpServletResponse response) throws IOException {
        versions.manifest(version);
        PthImports.Export prepared;
        try {
            prepared = imports.export(version, versions.current().map(served -> served.model()));
        } catch (IllegalArgumentException e) {
            throw new ConflictException(ProblemTypes.NOT_EXPORTABLE, "Version not exportable", e.getMessage());
        }
        try (PthImports.Export export = prepared) {
            response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + version + ".pth\"");
            response.setHeader(ModelVersioned.HEADER, version);
            OutputStream out = response.getOutputStream();
            export.writeTo(out);
            out.flush();
        }
    }
}
