package io.mfrecommender.versions;

import io.mfrecommender.api.ModelFileTooLargeException;
import io.mfrecommender.api.ServerBusyException;
import io.mfrecommender.api.StorageUnavailableException;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.pytorch.PthFormatException;
import io.mfrecommender.pytorch.StateDictReader;
import io.mfrecommender.pytorch.StateDictWriter;
import io.mfrecommender.training.AlsParameters;
import io.mfrecommender.training.AlsTrainer;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.TrainingListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PyTorch state dicts in and out of the store, for the command line and the API alike: a
 * {@code .pth} read by the restricted reader ({@link StateDictReader}), mapped to ids through the
 * ratings it was trained on ({@link NotebookModels}), given an implicit-ALS ranker trained on the
 * same ratings when asked, and saved as a new version (staging directory, atomic rename). Nothing is
 * activated: that stays {@code PUT /models/active}. A refused file leaves the store and the served
 * version as they were.
 */
public final class PthImports {

    private final ModelStore store;
    private final StateDictReader reader;
    private final AlsParameters ranker;
    private final int maxExports;
    private final Semaphore exports;
    private final long memoryBudget;
    /** Bytes of the budget the imports under way hold. */
    private final AtomicLong reserved = new AtomicLong();

    /**
     * What reading a file holds in memory, per byte of its storages: the storage record as read, the
     * values copied out of it, and the model's own tables made from them.
     */
    static final int MEMORY_PER_STORAGE_BYTE = 3;

    /** @param ranker the ranker's parameters when an import asks for one */
    public PthImports(ModelStore store, StateDictReader.Limits limits, AlsParameters ranker) {
        this(store, limits, ranker, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * @param maxExports   how many {@link #export(String)} may be open at once
     * @param memoryBudget bytes all imports under way may hold together, estimated before a table is
     *                     read ({@link #MEMORY_PER_STORAGE_BYTE} per byte of the file's storages): a file
     *                     that needs more alone is refused (413), one that must wait for others is 503
     */
    public PthImports(
            ModelStore store, StateDictReader.Limits limits, AlsParameters ranker, int maxExports, long memoryBudget) {
        this.store = store;
        this.reader = new StateDictReader(limits);
        this.ranker = ranker;
        this.maxExports = maxExports;
        this.exports = new Semaphore(maxExports);
        this.memoryBudget = memoryBudget;
    }

    /**
     * @param file       the {@code .pth}
     * @param data       the ratings the model was trained on (its rows are their ids − 1)
     * @param source     the file's name as the manifest records it (no directory)
     * @param withRanker train an implicit-ALS ranker on {@code data} for the lists; without one they
     *                   are ordered by predicted rating
     * @return the saved version
     * @throws PthFormatException what is wrong with the file, or with it beside the ratings
     */
    public FactorModel importStateDict(
            Path file, LoadedData data, NotebookModels.TensorNames names, String source, boolean withRanker) {
        long needed = Math.multiplyExact(reader.storageBytes(file), MEMORY_PER_STORAGE_BYTE);
        if (needed > memoryBudget) {
            throw new ModelFileTooLargeException(needed, memoryBudget, "recommender.models.max-import-memory-bytes");
        }
        if (reserved.addAndGet(needed) > memoryBudget) {
            reserved.addAndGet(-needed);
            throw new ServerBusyException("the imports under way hold the memory this one needs (about " + needed
                    + " bytes of recommender.models.max-import-memory-bytes)");
        }
        try {
            return read(file, data, names, source, withRanker);
        } finally {
            reserved.addAndGet(-needed);
        }
    }

    private FactorModel read(
            Path file, LoadedData data, NotebookModels.TensorNames names, String source, boolean withRanker) {
        FactorModel model = NotebookModels.fromStateDict(reader.read(file), data.ratings(), names, source);
        if (withRanker) {
            model = model.withRanker(new AlsTrainer()
                    .train(data.ratings(), ranker, TrainingListener.NONE, Cancellation.NONE)
                    .factors());
        }
        return store.save(model.withManifest(model.manifest().withDataset(data.description())));
    }

    /**
     * {@link #importStateDict} for a file that arrives as a stream (an upload): copied to a staging
     * directory of the store as it is read (never whole in memory), read from there, removed.
     */
    public FactorModel importStateDict(
            InputStream file, LoadedData data, NotebookModels.TensorNames names, String source, boolean withRanker) {
        Path staging = store.newStagingDirectory("upload");
        try {
            Path copy = staging.resolve("upload.pth");
            try {
                Files.copy(file, copy);
            } catch (IOException e) {
                throw new StorageUnavailableException("the upload could not be written to the models disk ("
                        + e.getClass().getSimpleName() + "); nothing was kept");
            }
            return importStateDict(copy, data, names, source, withRanker);
        } finally {
            try {
                Files.deleteIfExists(staging.resolve("upload.pth"));
                Files.deleteIfExists(staging);
            } catch (IOException ignored) {
                // ModelStore.removeLeftovers() takes it at the next start.
            }
        }
    }

    /**
     * A version ready to be written as a state dict: checked whole, so that writing it cannot be
     * refused. It holds one of the permits that bound how many versions are held for export at once
     * until closed.
     */
    public static final class Export implements AutoCloseable {
        private final List<StateDictWriter.Table> tables;
        private final Runnable release;

        Export(List<StateDictWriter.Table> tables, Runnable release) {
            this.tables = tables;
            this.release = release;
        }

        public void writeTo(OutputStream out) throws IOException {
            StateDictWriter.writeTables(out, "matrix_factorization", tables);
        }

        @Override
        public void close() {
            release.run();
        }
    }

    /** Exports open now (holding their version in memory). */
    public int activeExports() {
        return maxExports - exports.availablePermits();
    }

    /**
     * A saved version's rating model as the notebook's state dict ({@link NotebookModels#toStateDict}),
     * checked and ready to stream; close it when written.
     *
     * @throws ServerBusyException when as many exports as allowed are open
     * @throws IllegalArgumentException when its ids do not fit the notebook's layout
     */
    public Export export(String version) {
        return export(version, Optional.empty());
    }

    /**
     * {@link #export(String)}, from {@code inMemory} when it is that version (the served one: its
     * tables are read where they are, not loaded again).
     */
    public Export export(String version, Optional<FactorModel> inMemory) {
        if (!exports.tryAcquire()) {
            throw new ServerBusyException(maxExports + " exports are being written, the most at once "
                    + "(recommender.models.max-concurrent-exports)");
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                exports.release();
            }
        };
        try {
            FactorModel model =
                    inMemory.filter(m -> m.version().equals(version)).orElseGet(() -> store.load(version));
            return new Export(NotebookModels.toStateDict(model), release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** Writes {@code model} as the notebook's state dict, streamed. */
    public static void export(FactorModel model, OutputStream out) throws IOException {
        new Export(NotebookModels.toStateDict(model), () -> {}).writeTo(out);
    }
}
