package io.mfrecommender.catalogue;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.StorageUnavailableException;
import io.mfrecommender.data.CatalogueEdits;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.WriteFailedException;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.PostedRatings;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Adds or changes a catalogue entry: forced to disk ({@link CatalogueEdits}), then laid into the
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
}
