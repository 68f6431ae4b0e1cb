package io.mfrecommender.ratings;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the journal is compacted: {@link #COMPACTION_DELAY} after an erasure (erasures close
 * together share one rewrite), and once it has grown by {@link #MIN_GROWTH_TO_COMPACT} entries and
 * by more than it held after the last compaction; a failed compaction is tried again a minute later.
 * One background thread; at most one compaction is due at a time.
 */
final class CompactionSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompactionSchedule.class);

    /** How soon after an erasure the journal is rewritten without the user. */
    static final Duration COMPACTION_DELAY = Duration.ofSeconds(1);
    /** A journal is compacted when it has grown by this many entries and by more than it holds. */
    static final long MIN_GROWTH_TO_COMPACT = 100_000;

    private final Runnable compaction;
    private final ScheduledExecutorService compactor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "journal-compaction");
        thread.setDaemon(true);
        return thread;
    });
    private boolean due;
    private long appendedSince;
    private long liveAtLast;

    /** @param compaction the rewrite; it calls {@link #ran} first */
    CompactionSchedule(Runnable compaction) {
        this.compaction = compaction;
    }

    /** Runs the compaction {@link #COMPACTION_DELAY} from now, unless one is already due. */
    synchronized void soon() {
        if (due || compactor.isShutdown()) {
            return;
        }
        due = true;
        compactor.schedule(this::runLogged, COMPACTION_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code count} entries were appended: compacts soon once the journal has grown enough. */
    synchronized void appended(int count) {
        appendedSince += count;
        if (appendedSince > Math.max(MIN_GROWTH_TO_COMPACT, liveAtLast)) {
            soon();
        }
    }

    /** A compaction is starting (scheduled or asked for directly): the next one may be scheduled. */
    synchronized void starting() {
        due = false;
    }

    /** A compaction left {@code live} entries in the journal. */
    synchronized void ran(long live) {
        appendedSince = 0;
        liveAtLast = live;
    }

    private void runLogged() {
        try {
            compaction.run();
        } catch (RuntimeException e) {
            log.warn("Rating journal compaction failed, retrying in a minute: {}", e.getMessage());
            synchronized (this) {
                due = true;
                if (!compactor.isShutdown()) {
                    compactor.schedule(this::runLogged, 1, TimeUnit.MINUTES);
                }
            }
        }
    }

    /** Stops scheduled compactions; one already running finishes first. */
    @Override
    public void close() {
        compactor.shutdown();
        try {
            compactor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
