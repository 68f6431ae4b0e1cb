package io.mfrecommender.experiments;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /experiments}: serve several model versions at once, each user to one of them by a sticky
 * hash, count what users do with what they were shown, and end by promoting one version.
 * Starting and ending need the API key.
 */
@RestController
@Tag(name = "Experiments")
class ExperimentController {

    private final ExperimentService service;

    ExperimentController(ExperimentService service) {
        this.service = service;
    }

    /** The experiments, newest first. */
    record Experiments(List<Experiment> experiments) {}

    @PostMapping("/experiments")
    @Operation(
            operationId = "startExperiment",
            summary = "Start an experiment between saved model versions",
            description = "Each user is served by one variant, chosen by a hash of the experiment's name and the "
                    + "user's id: the same variant on every request, instance and restart while it runs. Responses "
                    + "from a model say which 'variant' and 'modelVersion' served them; posted ratings are folded "
                    + "into every variant's version. One experiment runs at a time; names are used once.")
    @ApiResponse(responseCode = "201", description = "Started; the body is its (empty) report")
    @ApiResponse(
            responseCode = "400",
            description = "Malformed body, bad name, fewer than 2 or more than 10 variants, a version that is not "
                    + "saved, shares not adding up to 100")
    @ApiResponse(responseCode = "401", description = "API key missing or wrong")
    @ApiResponse(
            responseCode = "409",
            description = "Another experiment runs, the name was used, a version does not load, or this instance's "
                    + "models directory is read-only")
    @ApiResponse(
            responseCode = "503",
            description = "The service has not loaded its ratings yet; retry after Retry-After")
    ResponseEntity<ExperimentReport> start(@Valid @RequestBody ExperimentRequests.StartExperiment body) {
        ExperimentReport report = service.start(body.toNewExperiment());
        return ResponseEntity.created(URI.create("/experiments/" + report.name()))
                .body(report);
    }

    @GetMapping("/experiments")
    @Operation(
            operationId = "listExperiments",
            summary = "Every experiment, running and ended, newest first",
            description =
                    "Running, suspended (recorded as running but its split cannot be served here, with the reason), ended, and damaged records (listed last, their names stay taken).")
    @ApiResponse(responseCode = "200", description = "The experiments")
    Experiments list() {
        return new Experiments(service.list());
    }

    @GetMapping("/experiments/{name}")
    @Operation(
            operationId = "getExperimentReport",
            summary = "An experiment's figures by variant",
            description = "Per variant: users shown a list, lists served, hits (a recommended movie rated at least 4 "
                    + "of 5 stars, scaled, within recommender.experiments.hit-window), users with a hit, and the hit "
                    + "rate (users with a hit / users) with its 95% Wilson interval.")
    @ApiResponse(responseCode = "200", description = "The report")
    @ApiResponse(responseCode = "404", description = "No such experiment")
    ExperimentReport report(@Parameter(description = "The experiment's name") @PathVariable String name) {
        return service.report(name);
    }

    @PostMapping("/experiments/{name}/end")
    @Operation(
            operationId = "endExperiment",
            summary = "End an experiment, promoting one variant",
            description = "The promoted variant's version becomes the active version for every user and the split "
                    + "stops, in one atomic swap; the version's folded-in users are kept. The record and its figures "
                    + "stay listed.")
    @ApiResponse(responseCode = "200", description = "Ended; the body is its final report")
    @ApiResponse(responseCode = "400", description = "Malformed body or a variant the experiment does not have")
    @ApiResponse(responseCode = "401", description = "API key missing or wrong")
    @ApiResponse(responseCode = "404", description = "No such experiment")
    @ApiResponse(responseCode = "409", description = "It ended already, or the models directory is read-only")
    ExperimentReport end(
            @Parameter(description = "The experiment's name") @PathVariable String name,
            @Valid @RequestBody ExperimentRequests.EndExperiment body) {
        return service.end(name, body.promote());
    }
}
