package io.mfrecommender.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the rating source that {@link DataProperties} names, with its catalog, and logs what it found. */
public final class DataSourceLoader {

    /** Classpath folder of the shipped MovieTweetings snapshot (MIT licensed; LICENSE beside it). */
    static final String EMBEDDED_FOLDER = "datasets/movietweetings-100k/";

    private static final Logger log = LoggerFactory.getLogger(DataSourceLoader.class);

    private final DataProperties properties;
    private final Database database;

    public DataSourceLoader(DataProperties properties) {
        this(properties, null);
    }

    /** @param database where {@code source: jdbc} reads; null when no database is configured */
    public DataSourceLoader(DataProperties properties, Database database) {
        this.properties = properties;
        this.database = database;
    }

    public LoadedData load() {
        long start = System.nanoTime();
        RatingsReader ratings = new RatingsReader(properties.parseMode(), properties.configuredScale());
        CatalogReader catalog = new CatalogReader(properties.parseMode());
        LoadedData data = switch (properties.source()) {
            case EMBEDDED -> {
                RatingsReader.Result result = readResource(
                        EMBEDDED_FOLDER + "ratings.dat",
                        in -> ratings.read(in, "embedded:" + EMBEDDED_FOLDER + "ratings.dat"));
                MovieCatalog movies = readResource(
                        EMBEDDED_FOLDER + "movies.dat",
                        in -> catalog.read(in, "embedded:" + EMBEDDED_FOLDER + "movies.dat"));
                yield new LoadedData(
                        "MovieTweetings 100K snapshot (embedded)", result.dataset(), result.report(), movies);
            }
            case FILE -> {
                RatingsReader.Result result = ratings.read(properties.ratings());
                MovieCatalog movies =
                        properties.movies() == null ? MovieCatalog.empty() : catalog.read(properties.movies());
                yield new LoadedData(properties.ratings().toString(), result.dataset(), result.report(), movies);
            }
            case MOVIELENS_1M -> {
                DataProperties.MovieLens ml = properties.movielens();
                MovieLensDownloader.Files1M files =
                        new MovieLensDownloader(ml.url(), ml.checksum(), properties.directory(), ml.timeout()).ensure();
                RatingsReader.Result result = ratings.read(files.ratings());
                yield new LoadedData("MovieLens 1M", result.dataset(), result.report(), catalog.read(files.movies()));
            }
            case JDBC -> {
                if (database == null) {
                    throw new DataLoadException(
                            "recommender.data.source is jdbc, so spring.datasource.url must name the database");
                }
                RatingsReader.Result result = new JdbcRatingsReader(
                                properties.parseMode(), properties.configuredScale())
                        .read(database, properties.query());
                MovieCatalog movies =
                        properties.movies() == null ? MovieCatalog.empty() : catalog.read(properties.movies());
                yield new LoadedData("ratings from the database", result.dataset(), result.report(), movies);
            }
        };
        if (properties.events() != null) {
            EventTable events = EventsReader.read(properties.events());
            data = data.withEvents(
                    events,
                    data.description() + " + " + events.events() + " events from "
                            + properties.events().getFileName());
            log.info(
                    "Read {} events ({} user, movie and type tallies) from {}",
                    events.events(),
                    events.size(),
                    properties.events().getFileName());
        }
        LoadReport report = data.report();
        log.info(
                "Loaded {} in {} s: {} ratings, {} users, {} movies, scale {}, {} catalog entries",
                data.description(),
                String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9),
                report.ratings(),
                data.ratings().users().size(),
                data.ratings().items().size(),
                data.ratings().scale(),
                data.catalog().size());
        if (report.skippedLines() > 0) {
            log.warn(
                    "{}: skipped {} malformed lines (parse mode lenient); first: {}",
                    report.source(),
                    report.skippedLines(),
                    report.problems());
        }
        if (report.duplicates() > 0) {
            log.info(
                    "{}: {} repeated ratings of the same movie by the same user; the last one was kept",
                    report.source(),
                    report.duplicates());
        }
        return data;
    }

    private interface StreamReader<T> {
        T read(InputStream in) throws IOException;
    }

    private static <T> T readResource(String name, StreamReader<T> reader) {
        try (InputStream in = DataSourceLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new DataLoadException("embedded dataset resource " + name + " is missing from the build");
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
