package io.mfrecommender.catalogue;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.StorageUnavailableException;
import io.mfrecommender.api.UnknownMovieException;
import io.mfrecommender.data.Availability;
import io.mfrecommender.data.CatalogueEdits;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.WriteFailedException;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.PostedRatings;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Adds, changes or retires a catalogue entry: forced to disk ({@link CatalogueEdits}), then laid into the
 * served snapshot at once, with one swap: titles, years and genre filters change, and a movie the
 * version was not trained on is placed from its ratings, or from its genres while it has none, so
 * it can be recommended to those who like them (marked {@code placedFrom: genres}). Every later
 * activation lays the edits over the loaded catalogue again.
 */
public final class CatalogueService {

    private final ModelVersions versions;
    private final CatalogueEdits edits;
    private final PostedRatings posted;

    public CatalogueService(ModelVersions versions, CatalogueEdits edits, PostedRatings posted) {
        this.versions = versions;
        this.edits = edits;
        this.posted = posted;
    }

    /** @return whether the movie was new to the catalogue */
    public boolean put(long id, JsonNode body) {
        if (id < 1) {
            throw new InvalidParameterException("id", "'id' must be a positive movie id, got " + id);
        }
        ServingModel current = versions.served().current();
        Movie movie =
                CatalogueEntry.from(body).withCanonicalGenres(current.genres()).toMovie(id);
        boolean added = current.catalog().find(id).isEmpty();
        try {
            edits.put(movie);
        } catch (WriteFailedException e) {
            throw new StorageUnavailableException(
                    "the catalogue entry could not be stored, nothing changed; retry later");
        }
        versions.update(
                serving -> posted.foldMovies(serving.withCatalog(edits.applyTo(serving.catalog())), List.of(id)));
        return added;
    }

    /**
     * A bulk load: the file read and checked in full first ({@link CatalogueBatch}); then, if no line
     * was refused or {@code lenient}, every entry that passed is stored with one durable write and laid
     * into the served snapshot with one swap, movies new to the catalogue placed from their genres.
     * Nothing is applied when a line is refused and not {@code lenient}: the problem lists the lines.
     */
    public CatalogueLoad load(InputStream file, boolean lenient, int maxEntries) {
        CatalogueBatch batch = checked(file, lenient, maxEntries);
        List<CatalogueLoad.RefusedLine> refused = refusedLines(batch);
        ServingModel current = versions.served().current();
        List<Movie> movies = batch.movies(current.genres());
        int added = (int) movies.stream()
                .filter(movie -> current.catalog().find(movie.id()).isEmpty())
                .count();
        if (!movies.isEmpty()) {
            try {
                edits.putAll(movies);
            } catch (WriteFailedException e) {
                throw new StorageUnavailableException(
                        "the catalogue entries could not be stored, nothing changed; retry later");
            }
            List<Long> ids = movies.stream().map(Movie::id).toList();
            versions.update(serving -> posted.foldMovies(serving.withCatalog(edits.applyTo(serving.catalog())), ids));
        }
        return new CatalogueLoad(
                added,
                movies.size() - added,
                batch.refused(),
                refused,
                versions.served().current().version());
    }

    /**
     * The same load with no service running ({@code catalogue import}): checked as the API checks it
     * and stored in {@code edits} with one durable write; a service started on that data directory
     * serves the entries. Genres are kept as written (the service spells known ones its own way).
     */
    public static CatalogueLoad store(InputStream file, boolean lenient, int maxEntries, CatalogueEdits edits) {
        CatalogueBatch batch = checked(file, lenient, maxEntries);
        List<Movie> movies = batch.movies(List.of());
        int added = (int) movies.stream()
                .filter(movie -> !edits.entries().containsKey(movie.id()))
                .count();
        if (!movies.isEmpty()) {
            edits.putAll(movies);
        }
        return new CatalogueLoad(added, movies.size() - added, batch.refused(), refusedLines(batch), null);
    }

    /** The file read and checked; unless {@code lenient}, a refused line refuses it all (400 listing the lines). */
    private static CatalogueBatch checked(InputStream file, boolean lenient, int maxEntries) {
        CatalogueBatch batch = CatalogueBatch.read(file, maxEntries);
        if (batch.refused() > 0 && !lenient) {
            InvalidParameterException problem = new InvalidParameterException(
                    "body",
                    batch.refused() + " line(s) refused, nothing applied; fix them, or send lenient=true to apply the "
                            + batch.entries().size() + " others");
            problem.getBody()
                    .setProperty(
                            "errors",
                            batch.refusals().stream()
                                    .map(CatalogueBatch.Refusal::describe)
                                    .toList());
            throw problem;
        }
        return batch;
    }

    private static List<CatalogueLoad.RefusedLine> refusedLines(CatalogueBatch batch) {
        return batch.refusals().stream()
                .map(r -> new CatalogueLoad.RefusedLine(r.line(), r.field(), r.problem()))
                .toList();
    }

    /**
     * Retires a movie: stored durably, then left out of every list and similar-movie answer at once,
     * its factors and ratings kept (so {@code /predict} still answers, training still learns from
     * its ratings, and putting it back restores it). Retiring a retired movie changes nothing.
     *
     * @throws UnknownMovieException when neither the catalogue nor the served version knows the movie
     */
    public void retire(long id) {
        ServingModel current = versions.served().current();
        Optional<Movie> entry = current.catalog().find(id);
        if (entry.isEmpty() && current.itemIndex(id) < 0) {
            throw new UnknownMovieException(id, current.version());
        }
        Movie movie = entry.orElseGet(() -> current.catalog().describe(id));
        if (movie.availability().retired()) {
            return;
        }
        try {
            edits.put(movie.withAvailability(Availability.RETIRED));
        } catch (WriteFailedException e) {
            throw new StorageUnavailableException("the retirement could not be stored, nothing changed; retry later");
        }
        versions.update(serving -> serving.withCatalog(edits.applyTo(serving.catalog())));
    }
}
