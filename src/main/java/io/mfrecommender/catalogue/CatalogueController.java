package io.mfrecommender.catalogue;

import io.mfrecommender.recommendation.MovieView;
import io.mfrecommender.recommendation.RecommendationService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code PUT /movies/{id}} (API key): adds or replaces a catalogue entry {@code {"title", "year",
 * "genres", "availableFrom", "availableUntil"}}; 201 when new, 200 when replaced, with the movie as
 * served. {@code DELETE /movies/{id}} retires one. 400 names the field at
 * fault; 413 for a body over {@code recommender.http.max-body-bytes}; 503 when it cannot be stored.
 */
@RestController
@Tag(name = "Movies")
class CatalogueController {

    private final CatalogueService catalogue;
    private final RecommendationService movies;
    private final CatalogueProperties properties;

    CatalogueController(CatalogueService catalogue, RecommendationService movies, CatalogueProperties properties) {
        this.catalogue = catalogue;
        this.movies = movies;
        this.properties = properties;
    }

    @PutMapping(
            path = "/movies",
            consumes = {"application/x-ndjson", "text/csv"})
    @Operation(
            operationId = "loadCatalogue",
            summary = "Load many catalogue entries at once, all or nothing",
            description = "NDJSON (one {\"id\", \"title\", \"year\", \"genres\", \"availableFrom\", "
                    + "\"availableUntil\"} per line) or CSV with a header naming id, title and any of year, genres "
                    + "(separated by |), availableFrom, availableUntil. Every line is checked as PUT /movies/{id} "
                    + "checks one entry before anything is applied; then all entries are stored with one durable "
                    + "write and served with one swap. A refused line refuses the whole file (400 listing the lines) "
                    + "unless lenient=true, which applies the others and reports the refused ones. The file is "
                    + "received onto disk, never into memory: at most recommender.catalogue.max-bulk-bytes, and "
                    + "recommender.catalogue.max-bulk-entries entries.")
    @ApiResponse(responseCode = "200", description = "Applied; what was added, changed and refused")
    @ApiResponse(
            responseCode = "400",
            description = "A line refused and lenient not set (errors lists the lines; nothing applied), or the file "
                    + "is neither NDJSON nor CSV with a known header")
    @ApiResponse(responseCode = "401", description = "No or a wrong X-API-Key")
    @ApiResponse(responseCode = "413", description = "Larger than recommender.catalogue.max-bulk-bytes")
    @ApiResponse(
            responseCode = "503",
            description = "Another bulk load is being received, no model yet, or the entries cannot be stored now")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "The catalogue file, UTF-8",
            content = {
                // Its example is set as text in OpenApiConfiguration (an annotation's would be read as JSON).
                @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")),
                @Content(
                        mediaType = "text/csv",
                        schema = @Schema(type = "string"),
                        examples = @ExampleObject(value = "id,title,year,genres\n100001,Premiere,2026,Drama|Comedy\n"))
            })
    CatalogueLoad load(
            InputStream file,
            @Parameter(description = "true: apply the lines that pass and report the others; false: all or nothing")
                    @RequestParam(defaultValue = "false")
                    boolean lenient) {
        return catalogue.load(file, lenient, properties.maxBulkEntries());
    }

    @PutMapping("/movies/{id}")
    @Operation(
            operationId = "putMovie",
            summary = "Add or change a catalogue entry; a new movie is placed at once",
            description = "Title (required), year and genres. Stored durably, then the served version changes at "
                    + "once: titles and genre filters, and a movie the version was not trained on is placed from its "
                    + "posted ratings, or while it has none from the mean of its genres' movies, so it is "
                    + "recommended (placedFrom 'genres') to users who like those genres; posted ratings of it "
                    + "place it from them. The next training trains on its ratings.")
    @ApiResponse(responseCode = "201", description = "Added")
    @ApiResponse(responseCode = "200", description = "Replaced")
    @ApiResponse(responseCode = "400", description = "A field missing or out of bounds; the problem names it")
    @ApiResponse(responseCode = "401", description = "No or a wrong X-API-Key")
    @ApiResponse(responseCode = "413", description = "Body over recommender.http.max-body-bytes")
    @ApiResponse(responseCode = "503", description = "No model yet, or the entry cannot be stored now")
    ResponseEntity<MovieView> put(
            @Parameter(description = "Movie id, as ratings will name it", example = "100001") @PathVariable long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            schema = @Schema(implementation = CatalogueEntry.class),
                                            examples =
                                                    @ExampleObject(
                                                            value =
                                                                    "{\"title\": \"Premiere\", \"year\": 2026, \"genres\": [\"Drama\"]}")))
                    @RequestBody
                    JsonNode body) {
        boolean added = catalogue.put(id, body);
        MovieView view = movies.movie(id);
        return added ? ResponseEntity.created(URI.create("/movies/" + id)).body(view) : ResponseEntity.ok(view);
    }

    @DeleteMapping("/movies/{id}")
    @Operation(
            operationId = "retireMovie",
            summary = "Retire a movie: never recommended or listed as similar again, at once",
            description = "Stored durably, then every list and similar-movie answer leaves the movie out, without "
                    + "retraining. Its factors and ratings are kept: /predict still answers (available false), "
                    + "training still learns from its ratings, and PUT /movies/{id} brings it back. Retiring a "
                    + "retired movie changes nothing.")
    @ApiResponse(responseCode = "200", description = "Retired; the movie as served now")
    @ApiResponse(responseCode = "401", description = "No or a wrong X-API-Key")
    @ApiResponse(responseCode = "404", description = "Neither the catalogue nor the served version knows the movie")
    @ApiResponse(responseCode = "503", description = "No model yet, or the retirement cannot be stored now")
    MovieView retire(@Parameter(description = "Movie id", example = "2571") @PathVariable long id) {
        catalogue.retire(id);
        return movies.movie(id);
    }
}
