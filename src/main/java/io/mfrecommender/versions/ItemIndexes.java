package io.mfrecommender.versions;

import io.mfrecommender.index.IndexMismatchException;
import io.mfrecommender.index.ItemIndex;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.model.RankerIndex;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.SimilaritySpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approximate item index of the served version, off the request path: when a version with a
 * ranker and a catalogue of at least {@code minItems} movies is activated, the index stored beside
 * it is opened, or built (on {@code threads} threads of one background worker) and stored there
 * (one atomic rename, so a restart or a replica sharing the directory opens it instead of building
 * again), then published into the served snapshot with {@link ModelVersions#update}. Until then, and
 * if anything fails, every item is scanned exactly: the index changes speed, never answers.
 *
 * <p>A replica whose models directory is read-only builds into a temporary directory of its own
 * when the owner has not stored one yet. The index of a version no longer served is closed; a
 * request still holding the old snapshot then scans exactly.
 */
public final class ItemIndexes {

    private static final Logger log = LoggerFactory.getLogger(ItemIndexes.class);

    /** Where the served version's index stands. */
    public enum State {
        /** No version served, or it is not indexed (small catalogue, no ranker, or indexes disabled). */
        EXACT,
        BUILDING,
        LOADING,
        READY,
        /** Building or opening failed: the exact scan serves; the log says why. */
        FAILED
    }

    /**
     * What health and metrics show.
     *
     * @param built  how long building the index took, when this instance built it
     * @param opened how long opening the stored index took, when it was opened
     * @param reason why it failed, when it did
     */
    public record Status(State state, String version, Duration built, Duration opened, String reason) {

        /** No index and none wanted. */
        public static final Status NONE = new Status(State.EXACT, null, null, null, null);
    }

    private final ModelVersions versions;
    private final boolean enabled;
    private final int minItems;
    private final int threads;
    private final ItemIndex.Shape shape;
    private final ExecutorService worker;
    private volatile Status status = Status.NONE;
    /** The open index and its version, touched only by the worker. */
    private ItemIndex open;

    private String openVersion;
    private Path temporary;

    public ItemIndexes(ModelVersions versions, boolean enabled, int minItems, int threads) {
        this(versions, enabled, minItems, ItemIndex.Shape.DEFAULT, threads);
    }

    public ItemIndexes(ModelVersions versions, boolean enabled, int minItems, ItemIndex.Shape shape, int threads) {
        this.shape = shape;
        this.versions = versions;
        this.enabled = enabled;
        this.minItems = minItems;
        this.threads = threads;
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "item-index");
            thread.setDaemon(true);
            return thread;
        });
        versions.served().onActivation(this::activated);
    }

    public Status status() {
        return status;
    }

    /**
     * Builds and stores the index of a saved version that will want one, before it is activated, so
     * the version being served keeps serving through its own index meanwhile and the new one is
     * swapped in with its index ready: a training job calls this between saving and activating.
     * Nothing happens when the version needs no index, one is stored already, or the directory is
     * read-only; a failure is logged and left to the activation, which scans exactly meanwhile.
     */
    public void prepare(FactorModel saved) {
        if (!enabled || saved.ranker().isEmpty() || saved.items().size() < minItems) {
            return;
        }
        ModelStore store = versions.store();
        if (!store.writable() || Files.isDirectory(store.itemIndexDirectory(saved.version()))) {
            return;
        }
        long start = System.nanoTime();
        Path staged = store.newStagingDirectory("item-index");
        try {
            RankerIndex.build(saved, SimilaritySpace.of(saved), staged, shape, threads);
            store.publishItemIndex(saved.version(), staged);
            log.info(
                    "Built the item index of model version {} ({} movies, {} threads) before activating it, in {} s",
                    saved.version(),
                    saved.items().size(),
                    threads,
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        } catch (RuntimeException e) {
            log.warn(
                    "The item index of model version {} could not be built before activation: {}",
                    saved.version(),
                    e.toString());
        }
    }

    private void activated(ServingModel serving) {
        if (serving.index().isPresent()) {
            return;
        }
        String version = serving.version();
        boolean wanted =
                enabled && serving.indexable() && serving.model().items().size() >= minItems;
        if (wanted) {
            status = new Status(State.LOADING, version, null, null, null);
        }
        worker.execute(() -> prepare(version, wanted));
    }

    private void prepare(String version, boolean wanted) {
        if (!version.equals(openVersion)) {
            retire();
        }
        if (!wanted) {
            status = new Status(State.EXACT, version, null, null, null);
            return;
        }
        ServingModel serving = versions.current().orElse(null);
        if (serving == null || !serving.version().equals(version)) {
            return; // superseded while queued: the newer activation has its own task
        }
        try {
            if (open == null) {
                open = openOrBuild(serving, version);
                openVersion = version;
            }
            ItemIndex index = open;
            versions.update(current ->
                    current.version().equals(version) && current.index().isEmpty()
                            ? current.withIndex(index)
                            : current);
            Status now = status;
            status = new Status(State.READY, version, now.built(), now.opened(), null);
        } catch (RuntimeException e) {
            log.warn(
                    "The item index of model version {} is not available, every item is scanned: {}",
                    version,
                    e.toString());
            status = new Status(State.FAILED, version, null, null, e.getMessage());
            retire();
        }
    }

    /** Opens the stored index, or builds and stores one; {@link #status} says which and how long it took. */
    private ItemIndex openOrBuild(ServingModel serving, String version) {
        ModelStore store = versions.store();
        Path stored = store.itemIndexDirectory(version);
        if (Files.isDirectory(stored)) {
            long start = System.nanoTime();
            try {
                ItemIndex index = RankerIndex.open(serving, stored);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                status = new Status(State.LOADING, version, null, took, null);
                log.info(
                        "Opened the stored item index of model version {} ({} movies) in {} ms",
                        version,
                        index.size(),
                        took.toMillis());
                return index;
            } catch (IndexMismatchException e) {
                log.warn(
                        "The stored item index of model version {} is not used ({}); building a new one",
                        version,
                        e.getMessage());
                if (store.writable()) {
                    store.discardItemIndex(version);
                }
            }
        }
        status = new Status(State.BUILDING, version, null, null, null);
        long start = System.nanoTime();
        Path staged = store.writable() ? store.newStagingDirectory("item-index") : temporaryDirectory();
        RankerIndex.build(serving, staged, shape, threads);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        log.info(
                "Built the item index of model version {} ({} movies, {} threads) in {} s",
                version,
                serving.model().items().size(),
                threads,
                String.format(Locale.ROOT, "%.1f", took.toMillis() / 1000.0));
        Path location = staged;
        if (store.writable()) {
            if (!store.publishItemIndex(version, staged) && !Files.isDirectory(stored)) {
                throw new IllegalStateException("model version " + version + " was deleted while its index was built");
            }
            location = stored;
        } else {
            temporary = staged;
        }
        ItemIndex index = RankerIndex.open(serving, location);
        status = new Status(State.BUILDING, version, took, null, null);
        return index;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("item-index-");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory for the item index: " + e.getMessage(), e);
        }
    }

    private void retire() {
        if (open != null) {
            open.close();
            open = null;
            openVersion = null;
        }
        if (temporary != null) {
            try (Stream<Path> files = Files.walk(temporary)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                log.debug("Could not delete {}: {}", temporary, e.toString());
            }
            temporary = null;
        }
    }

    /** Stops the worker; an index being built is abandoned (its staging directory goes at the next start). */
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
