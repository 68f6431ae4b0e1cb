package io.mfrecommender.versions;

import io.mfrecommender.api.ModelNotReadyException;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.ServingModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica (its models directory read-only) follows the owner: every
 * {@code recommender.models.follow-interval} it reads {@code ACTIVE}, and when the owner has
 * named another version it loads and validates that version beside the served one and swaps it in
 * (the same swap as an activation, so no request fails). A version that does not load, or was
 * trained on other ratings, is not served: the replica keeps the old one, says so in health
 * ({@code modelVersion}) and in {@code recommender.models.follow.failing}, and tries that version
 * again after {@link #RETRY}.
 */
public final class ActiveVersionFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActiveVersionFollower.class);

    /** How long a version that failed to load waits before it is tried again. */
    public static final Duration RETRY = Duration.ofSeconds(30);

    /** The owner's version this replica could not serve, when, and why. */
    public record Failure(String version, Instant at, String reason) {}

    private final ModelVersions versions;
    private final ModelStore store;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile Failure failure;

    /** Follows every {@code interval} from now on; {@code interval} null: only when {@link #check} is called. */
    public ActiveVersionFollower(ModelVersions versions, ModelStore store, Duration interval, Clock clock) {
        this.versions = versions;
        this.store = store;
        this.clock = clock;
        if (interval == null) {
            this.scheduler = null;
            return;
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "version-follower");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look at {@code ACTIVE}; never throws. */
    public void check() {
        if (versions.current().isEmpty()) {
            return; // the startup serves the first version
        }
        Optional<String> active;
        try {
            active = store.activeVersion();
        } catch (RuntimeException e) {
            return; // being replaced, or the directory is away for a moment: the next look sees it
        }
        if (active.isEmpty()) {
            return;
        }
        String version = active.get();
        Failure failed = failure;
        if (failed != null
                && failed.version().equals(version)
                && clock.instant().isBefore(failed.at().plus(RETRY))) {
            return;
        }
        try {
            Optional<ServingModel> served = versions.follow(version);
            served.ifPresent(model -> log.info("Following the owner: now serving model {}", model.version()));
            if (failure != null) {
                failure = null;
            }
        } catch (ModelNotReadyException e) {
            // The ratings are still loading.
        } catch (RuntimeException e) {
            if (failed == null || !failed.version().equals(version)) {
                log.warn(
                        "The owner activated model {}, which this replica cannot serve; still serving {}: {}",
                        version,
                        versions.current().map(ServingModel::version).orElse("none"),
                        e.getMessage());
            }
            failure = new Failure(version, clock.instant(), e.getMessage());
        }
    }

    /** The version the owner activated that this replica could not serve, while it cannot. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
