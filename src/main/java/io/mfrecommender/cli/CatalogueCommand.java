package io.mfrecommender.cli;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.catalogue.CatalogueLoad;
import io.mfrecommender.catalogue.CatalogueProperties;
import io.mfrecommender.catalogue.CatalogueService;
import io.mfrecommender.data.CatalogueEdits;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code catalogue import --file FILE [--data DIR] [--lenient true]}: a bulk catalogue file (NDJSON or
 * CSV, as {@code PUT /movies} takes) checked line by line and stored in the data directory's
 * catalogue edits, all or nothing unless lenient, before a service starts; the service serves the
 * entries from its first activation. Prints the report as one JSON line; exit 1 when a line is
 * refused and nothing was stored.
 */
final class CatalogueCommand {

    static final String USAGE = """
            usage: catalogue import --file FILE [--data DIR] [--lenient true|false]""";

    static final Set<String> OPTIONS = Set.of("file", "data", "lenient");

    private final PrintStream out;

    CatalogueCommand(PrintStream out) {
        this.out = out;
    }

    int run(Options options) {
        if (!options.has("file")) {
            throw new UsageException("catalogue import needs --file FILE\n" + USAGE);
        }
        Path file = Path.of(options.string("file", ""));
        Path data = Path.of(options.string("data", "data"));
        boolean lenient = options.bool("lenient", false);
        CatalogueEdits edits = new CatalogueEdits(data.resolve(CatalogueEdits.FILE_NAME));
        try (InputStream in = Files.newInputStream(file)) {
            CatalogueLoad load = CatalogueService.store(
                    in, lenient, CatalogueProperties.defaults().maxBulkEntries(), edits);
            out.println(JsonMapper.builder().build().writeValueAsString(load));
            return 0;
        } catch (InvalidParameterException e) {
            out.println(e.getBody().getDetail());
            Object errors = e.getBody().getProperties() == null
                    ? null
                    : e.getBody().getProperties().get("errors");
            if (errors instanceof Iterable<?> lines) {
                lines.forEach(line -> out.println("  " + line));
            }
            return 1;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file.getFileName(), e);
        }
    }
}
