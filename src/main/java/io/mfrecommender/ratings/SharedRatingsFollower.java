package io.mfrecommender.ratings;

import io.mfrecommender.versions.ModelVersions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With a ratings store every replica shares: reads what the others wrote, every
 * {@code recommender.ratings.poll-interval}, and folds the users it changed into the served
 * version, so a rating posted to any replica is in every replica's recommendations within about
 * one interval.
 *
 * <p>Polling rather than LISTEN/NOTIFY: a notification is lost while the listening connection is
 * down, so a reader has to poll after every reconnect anyway; polling one indexed range
 * ({@code id > last}) is that same read, needs no dedicated connection, and costs one short query
 * per interval when nothing changed.
 */
final class SharedRatingsFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedRatingsFollower.class);

    private final PostedRatingsStore store;
    private final ModelVersions versions;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ratings-follower");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Instant failingSince;

    SharedRatingsFollower(PostedRatingsStore store, ModelVersions versions, Duration interval) {
        this.store = store;
        this.versions = versions;
        scheduler.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round: read, fold, publish. Never throws: a failing database is logged once per outage. */
    void poll() {
        if (!store.isOpen() || versions.current().isEmpty()) {
            return; // the startup replays the store and folds the users in when it serves its first version
        }
        try {
            PostedRatingsStore.CaughtUp caught = store.catchUp();
            if (!caught.isEmpty()) {
                versions.update(serving -> store.foldIn(serving, caught));
            }
            if (failingSince != null) {
                log.info("Reading the shared ratings works again (failing since {})", failingSince);
                failingSince = null;
            }
        } catch (RuntimeException e) {
            if (failingSince == null) {
                failingSince = Instant.now();
                log.warn("Cannot read the ratings other replicas wrote, retrying: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
