package io.mfrecommender.cli;

import io.mfrecommender.data.DurableFiles;
import io.mfrecommender.data.LoadedData;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.RatingsReader;
import io.mfrecommender.evaluation.Evaluator;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.pytorch.PthFormatException;
import io.mfrecommender.pytorch.StateDictReader;
import io.mfrecommender.training.AlsParameters;
import io.mfrecommender.versions.NotebookModels;
import io.mfrecommender.versions.PthImports;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Versions made elsewhere, into a models directory and out of it:
 * <ul>
 * <li>{@code import --from DIR [--models DIR]}: a version directory (a Spark job's output, a
 *     backup), through {@link ModelStore#importVersion}, which validates it first;</li>
 * <li>{@code import --pth FILE --ratings FILE [--output DIR] [--tensors K=NAME,…] [--ranker als|none]
 *     [--activate true|false]}: a PyTorch state dict, through {@link PthImports}, the service's own
 *     import;</li>
 * <li>{@code export --version V --pth FILE [--models DIR]}: a version as the notebook's state dict.</li>
 * </ul>
 * A running service serves an imported version after {@code PUT /models/active}; one named in
 * {@code ACTIVE} ({@code --activate true}) is what a service started on that directory loads.
 */
final class ImportCommand {

    static final String USAGE = """
            usage: import --from DIR [--models DIR]
                   import --pth FILE --ratings FILE [--output DIR] [--tensors KEY=NAME,...] [--ranker als|none]
                          [--activate true|false]
                   export --version V --pth FILE [--models DIR]""";

    private static final Set<String> PTH_OPTIONS = Set.of("pth", "ratings", "output", "tensors", "ranker", "activate");
    private static final Set<String> DIRECTORY_OPTIONS = Set.of("from", "models");

    /** Every option of {@code import}: a directory's ({@code --from}) or a state dict's ({@code --pth}). */
    static final Set<String> IMPORT_OPTIONS = union(PTH_OPTIONS, DIRECTORY_OPTIONS);
    /** Every option of {@code export}. */
    static final Set<String> EXPORT_OPTIONS = Set.of("version", "pth", "models");

    private final PrintStream out;

    ImportCommand(PrintStream out) {
        this.out = out;
    }

    int run(Options options) {
        if (options.has("pth")) {
            return importStateDict(options.allow(PTH_OPTIONS));
        }
        options.allow(DIRECTORY_OPTIONS);
        if (!options.has("from")) {
            throw new UsageException(USAGE);
        }
        Path from = Path.of(options.string("from", null));
        Path models = Path.of(options.string("models", "models"));
        FactorModel imported = new ModelStore(models).importVersion(from);
        out.printf(
                "imported %s (%s, %d users, %d movies, k=%d%s) into %s; serve it with PUT /models/active "
                        + "{\"version\": \"%s\"}%n",
                imported.version(),
                imported.manifest().algorithm(),
                imported.users().size(),
                imported.items().size(),
                imported.factors(),
                imported.ranker().isPresent() ? ", with a ranker" : "",
                models,
                imported.version());
        return 0;
    }

    private int importStateDict(Options options) {
        if (!options.has("ratings")) {
            throw new UsageException("--ratings is required with --pth: the ratings the model was trained on map its "
                    + "rows to ids\n" + USAGE);
        }
        Path file = Path.of(options.string("pth", ""));
        Path ratingsFile = Path.of(options.string("ratings", ""));
        NotebookModels.TensorNames names;
        try {
            names = NotebookModels.TensorNames.parse(options.string("tensors", null));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tensors: " + e.getMessage());
        }
        boolean ranker = switch (options.string("ranker", "none").toLowerCase(Locale.ROOT)) {
            case "als" -> true;
            case "none" -> false;
            default -> throw new UsageException("--ranker must be als or none");
        };
        boolean activate = options.bool("activate", false);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": file not found");
        }
        RatingsReader.Result read = new RatingsReader(ParseMode.LENIENT, null).read(ratingsFile);
        LoadedData data = new LoadedData(
                String.valueOf(ratingsFile.getFileName()), read.dataset(), read.report(), MovieCatalog.empty());
        ModelStore store = new ModelStore(Path.of(options.string("output", "models")));
        FactorModel imported;
        try {
            imported = new PthImports(store, StateDictReader.Limits.DEFAULTS, AlsParameters.defaults())
                    .importStateDict(file, data, names, String.valueOf(file.getFileName()), ranker);
        } catch (PthFormatException e) {
            throw new IllegalArgumentException(file.getFileName() + " refused: " + e.getMessage(), e);
        }
        if (activate) {
            store.activate(imported.version());
        }
        Map<String, Object> details = imported.manifest().hyperparameters();
        double rmse = Evaluator.accuracy(imported, data.ratings()).rmse();
        out.printf(
                Locale.ROOT,
                "imported %s (%s, %d users, %d movies, k=%d, %s; dropped %s user and %s movie rows no rating names%s) "
                        + "into %s%s%n",
                imported.version(),
                details.get("dtype"),
                imported.users().size(),
                imported.items().size(),
                imported.factors(),
                imported.hasBiases() ? "with biases" : "no biases: r = p_u·q_i",
                details.get("droppedUserRows"),
                details.get("droppedItemRows"),
                imported.ranker().isPresent() ? "; ranker trained on the ratings" : "",
                store.root(),
                activate
                        ? "; named in ACTIVE"
                        : "; serve it with PUT /models/active {\"version\": \"" + imported.version() + "\"}");
        out.printf(
                Locale.ROOT,
                "RMSE on %s (the ratings it was trained on, not held out): %.4f%n",
                data.description(),
                rmse);
        return 0;
    }

    /** {@code export --version V --pth FILE [--models DIR]}. */
    int export(Options options) {
        if (!options.has("version") || !options.has("pth")) {
            throw new UsageException(USAGE);
        }
        ModelStore store = new ModelStore(Path.of(options.string("models", "models")));
        FactorModel model = store.load(options.string("version", ""));
        Path file = Path.of(options.string("pth", ""));
        try {
            // Written aside and renamed: a failure (a full disk, a refused version) leaves no file.
            DurableFiles.replace(file, stream -> PthImports.export(model, stream));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.printf(
                Locale.ROOT,
                "exported %s to %s: %s%n",
                model.version(),
                file,
                model.hasBiases()
                        ? "k + 2 = " + (model.factors() + 2) + " factors per row (the last two carry the biases: "
                                + "MatrixFactorization(n_users, n_items, n_factors=" + (model.factors() + 2) + "))"
                        : "k = " + model.factors() + " factors per row, as the notebook's MatrixFactorization");
        return 0;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
