package io.mfrecommender.cli;

import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ModelStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code import --from DIR [--models DIR]}: copies a model version made elsewhere (a Spark job's
 * output, a backup) into a models directory through {@link ModelStore#importVersion}, which
 * validates it first; a running service serves it after {@code PUT /models/active}.
 */
final class ImportCommand {

    static final String USAGE = "usage: import --from DIR [--models DIR]";

    private final PrintStream out;

    ImportCommand(PrintStream out) {
        this.out = out;
    }

    int run(Options options) {
        options.allow(Set.of("from", "models"));
        if (!options.has("from") || !options.positional().isEmpty()) {
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
}
