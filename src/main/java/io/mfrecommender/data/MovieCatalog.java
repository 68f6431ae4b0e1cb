package io.mfrecommender.data;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Movies by id, as read from a catalog file; may be empty when no catalog is configured. */
public final class MovieCatalog {

    private static final MovieCatalog EMPTY = new MovieCatalog(Map.of());

    private final Map<Long, Movie> movies;
    /** The entries retired or with an availability window: few, and read at every swap. */
    private final List<Movie> restricted;

    MovieCatalog(Map<Long, Movie> movies) {
        this.movies = Collections.unmodifiableMap(new LinkedHashMap<>(movies));
        this.restricted = this.movies.values().stream()
                .filter(movie -> movie.availability().restricted())
                .toList();
    }

    public static MovieCatalog empty() {
        return EMPTY;
    }

    public static MovieCatalog of(Collection<Movie> movies) {
        Map<Long, Movie> byId = new LinkedHashMap<>();
        movies.forEach(movie -> byId.put(movie.id(), movie));
        return new MovieCatalog(byId);
    }

    public Optional<Movie> find(long id) {
        return Optional.ofNullable(movies.get(id));
    }

    /**
     * The entry of a movie as a response shows it: the catalogue's, or one without title, year or
     * genres when the catalogue does not list it (a movie known from ratings alone).
     */
    public Movie describe(long id) {
        Movie movie = movies.get(id);
        return movie != null ? movie : new Movie(id, null, null, List.of());
    }

    /** The entries not always available: retired, or shown only within a window. */
    public List<Movie> restricted() {
        return restricted;
    }

    public Collection<Movie> movies() {
        return movies.values();
    }

    public int size() {
        return movies.size();
    }

    public boolean isEmpty() {
        return movies.isEmpty();
    }
}
