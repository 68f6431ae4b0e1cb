package io.mfrecommender.jobs;

import io.mfrecommender.api.InvalidParameterException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /training-jobs} (202 + {@code Location}; 400 for a bad body, naming the field; 409
 * {@code /problems/training-queue-full}; 503 when it cannot be recorded), {@code GET
 * /training-jobs?page=0&size=20} (newest first), {@code GET /training-jobs/{id}} (404 unknown),
 * {@code DELETE /training-jobs/{id}} (cancel; 409 when it has already ended or is saving its version).
 */
@RestController
@Tag(name = "Training jobs")
class TrainingJobController {

    private final TrainingJobs jobs;

    TrainingJobController(TrainingJobs jobs) {
        this.jobs = jobs;
    }

    /** A page of jobs, newest first. */
    record TrainingJobPage(int page, int size, int total, List<TrainingJobView> jobs) {}

    @PostMapping("/training-jobs")
    @Operation(
            operationId = "submitTrainingJob",
            summary = "Train a new model version in the background",
            description = "Trains the rating model and the ranker on the configured ratings less a held-out share, "
                    + "scores the new version and the active one on the held-out ratings, saves it, and activates it "
                    + "as 'activation' says (if-better by default). Missing fields take the configured defaults.")
    @ApiResponse(responseCode = "202", description = "Queued; Location names the job")
    @ApiResponse(responseCode = "400", description = "Malformed body, unknown field, or a parameter out of range")
    @ApiResponse(responseCode = "409", description = "A job is running and the queue is full")
    @ApiResponse(
            responseCode = "503",
            description = "The job could not be recorded (the models directory is full or read-only); nothing was "
                    + "queued; retry after Retry-After seconds")
    ResponseEntity<TrainingJobView> submit(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = TrainingJobRequest.class)))
                    @RequestBody(required = false)
                    Map<String, Object> body) {
        TrainingJobView job = jobs.submit(TrainingJobRequest.from(body));
        return ResponseEntity.accepted()
                .location(URI.create("/training-jobs/" + job.id()))
                .body(job);
    }

    @GetMapping("/training-jobs")
    @Operation(
            operationId = "listTrainingJobs",
            summary = "Training jobs, newest first",
            description =
                    "The queue and the jobs kept on disk, newest first, in pages: status, times, progress, epochs, evaluation and decision of each.")
    @ApiResponse(responseCode = "200", description = "One page of jobs")
    @ApiResponse(responseCode = "400", description = "page or size out of bounds")
    TrainingJobPage list(
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "Jobs per page, 1 to 100") @RequestParam(defaultValue = "20") int size) {
        InvalidParameterException.requireBetween("page", page, 0, TrainingJobs.MAX_PAGE);
        InvalidParameterException.requireBetween("size", size, 1, TrainingJobs.MAX_PAGE_SIZE);
        return new TrainingJobPage(page, size, jobs.total(), jobs.list(page, size));
    }

    @GetMapping("/training-jobs/{id}")
    @Operation(
            operationId = "getTrainingJob",
            summary = "One training job: status, progress, every epoch, evaluation and decision",
            description =
                    "The job as it is now: while it runs, progress has the model, epoch, phase and an estimate of the seconds left; once it ends, the version saved and why it was or was not activated.")
    @ApiResponse(responseCode = "200", description = "The job")
    @ApiResponse(responseCode = "404", description = "No such job")
    TrainingJobView get(@PathVariable String id) {
        return jobs.get(id);
    }

    @DeleteMapping("/training-jobs/{id}")
    @Operation(
            operationId = "cancelTrainingJob",
            summary = "Cancel a queued or running job",
            description = "A queued job is cancelled at once, a running one within an epoch; nothing is saved. Once "
                    + "a job saves its version it runs to the end.")
    @ApiResponse(responseCode = "200", description = "The job, cancelled or being cancelled")
    @ApiResponse(responseCode = "404", description = "No such job")
    @ApiResponse(
            responseCode = "409",
            description = "The job has already ended, or is saving and activating its version and can no longer "
                    + "be cancelled")
    TrainingJobView cancel(@PathVariable String id) {
        return jobs.cancel(id);
    }
}
