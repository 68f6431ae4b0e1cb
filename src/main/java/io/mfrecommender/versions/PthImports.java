package io.mfrecommender.versions;

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
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** @param ranker the ranker's parameters when an import asks for one */
    public PthImports(ModelStore store, StateDictReader.Limits limits, AlsParameters ranker) {
        this.store = store;
        this.reader = new StateDictReader(limits);
        this.ranker = ranker;
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
        FactorModel model = NotebookModels.fromStateDict(reader.read(file), data.ratings(), names, source);
        if (withRanker) {
            model = model.withRanker(new AlsTrainer()
                    .train(data.ratings(), ranker, TrainingListener.NONE, Cancellation.NONE)
                    .factors());
        }
        return store.save(model.withManifest(model.manifest().withDataset(data.description())));
    }

    /**
     * {@link #importStateDict} for a file that arrived as bytes (an upload): written to a staging
     * directory of the store, read from there, removed.
     */
    public FactorModel importStateDict(
            byte[] file, LoadedData data, NotebookModels.TensorNames names, String source, boolean withRanker) {
        Path staging = store.newStagingDirectory("upload");
        try {
            Path copy = Files.write(staging.resolve("upload.pth"), file);
            return importStateDict(copy, data, names, source, withRanker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
     * Writes a saved version's rating model as the notebook's state dict ({@link NotebookModels#toStateDict}).
     *
     * @throws IllegalArgumentException when its ids do not fit the notebook's layout
     */
    public void export(String version, OutputStream out) throws IOException {
        export(store.load(version), out);
    }

    public static void export(FactorModel model, OutputStream out) throws IOException {
        StateDictWriter.write(out, "matrix_factorization", NotebookModels.toStateDict(model));
    }
}
