package io.mfrecommender.jobs;

import io.mfrecommender.data.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job records on disk, one JSON file each under {@code <models>/jobs/}: written to a temporary
 * file, forced to disk and renamed over the old record, so a crash leaves the last whole record.
 */
final class JobRecords {

    private static final Logger log = LoggerFactory.getLogger(JobRecords.class);

    private final Path directory;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    JobRecords(Path directory) {
        this.directory = directory;
    }

    void write(TrainingJobView job) {
        try {
            DurableFiles.replace(directory.resolve(job.id() + ".json"), json.writeValueAsBytes(job));
        } catch (IOException e) {
            throw new UncheckedIOException("could not record training job " + job.id(), e);
        }
    }

    /** Every readable record, newest first; unreadable ones are logged and skipped. */
    List<TrainingJobView> readAll() {
        List<TrainingJobView> jobs = new ArrayList<>();
        try {
            for (Path file : DurableFiles.records(directory, ".json")) {
                try {
                    jobs.add(json.readValue(file.toFile(), TrainingJobView.class));
                } catch (RuntimeException e) {
                    log.warn("Skipping unreadable training job record {}: {}", file.getFileName(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list training job records", e);
        }
        jobs.sort(Comparator.comparing(TrainingJobView::submittedAt)
                .reversed()
                .thenComparing(TrainingJobView::id, Comparator.reverseOrder()));
        return jobs;
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(directory.resolve(id + ".json"));
        } catch (IOException e) {
            log.warn("Could not delete training job record {}: {}", id, e.getMessage());
        }
    }
}
