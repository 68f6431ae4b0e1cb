package io.mfrecommender.catalogue;

import io.mfrecommender.data.CatalogueEdits;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.PostedRatings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With catalogue edits every replica shares: reads what the others wrote every
 * {@code recommender.ratings.poll-interval} and lays it into the served version with one swap (new
 * movies placed, retired ones left out), so an edit made on any replica is served by every replica
 * within about one interval. Polled for the reasons the shared ratings are (a notification is lost
 * while a connection is down).
 */
final class SharedCatalogueFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedCatalogueFollower.class);

    private final CatalogueEdits edits;
    private final ModelVersions versions;
    private final PostedRatings posted;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "catalogue-follower");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant failingSince;

    SharedCatalogueFollower(CatalogueEdits edits, ModelVersions versions, PostedRatings posted, Duration interval) {
        this.edits = edits;
        this.versions = versions;
        this.posted = posted;
        scheduler.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round: read, lay over, publish. Never throws: a failing database is logged once per outage. */
    void poll() {
        if (versions.current().isEmpty()) {
            return; // the first activation lays every edit over the catalogue
        }
        try {
            List<Long> changed = edits.catchUp();
            if (!changed.isEmpty()) {
                versions.update(
                        serving -> posted.foldMovies(serving.withCatalog(edits.applyTo(serving.catalog())), changed));
            }
            if (failingSince != null) {
                log.info("Reading the shared catalogue edits works again (failing since {})", failingSince);
                failingSince = null;
            }
        } catch (RuntimeException e) {
            if (failingSince == null) {
                failingSince = Instant.now();
                log.warn("Cannot read the catalogue edits other replicas wrote, retrying: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
