package io.mfrecommender.model;

import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which trained movies have each genre (as a mask and as a list in index order), every genre's
 * name as the catalogue spells it, and each trained movie's release year: the filters a page's
 * rules read, built once per version and again when the catalogue changes.
 */
final class GenreFacets {

    private final Map<String, boolean[]> masks;
    private final Map<String, int[]> members;
    private final Set<String> names;
    private final int[] years;

    private GenreFacets(Map<String, boolean[]> masks, Map<String, int[]> members, Set<String> names, int[] years) {
        this.masks = masks;
        this.members = members;
        this.names = names;
        this.years = years;
    }

    static GenreFacets of(FactorModel model, MovieCatalog catalog) {
        int items = model.items().size();
        Map<String, boolean[]> byGenre = new HashMap<>();
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        int[] years = new int[items];
        Arrays.fill(years, ServingModel.NO_YEAR);
        for (int i = 0; i < items; i++) {
            Optional<Movie> movie = catalog.find(model.items().idOf(i));
            if (movie.isPresent() && movie.get().year() != null) {
                years[i] = movie.get().year();
            }
            if (movie.isPresent()) {
                for (String genre : movie.get().genres()) {
                    names.add(genre);
                    byGenre.computeIfAbsent(key(genre), g -> new boolean[items])[i] = true;
                }
            }
        }
        Map<String, int[]> members = new HashMap<>();
        byGenre.forEach((genre, mask) -> {
            int[] list = new int[items];
            int count = 0;
            for (int i = 0; i < items; i++) {
                if (mask[i]) {
                    list[count++] = i;
                }
            }
            members.put(genre, Arrays.copyOf(list, count));
        });
        return new GenreFacets(
                Collections.unmodifiableMap(byGenre),
                Collections.unmodifiableMap(members),
                Collections.unmodifiableSet(names),
                years);
    }

    /** How genres are compared: case-insensitively. */
    static String key(String genre) {
        return genre.toLowerCase(Locale.ROOT);
    }

    /**
     * The movies of a genre ({@link #key}) as a mask over {@code served} movies: the trained ones
     * and {@code placed} (served indices of movies placed after training); null when none has it.
     */
    boolean[] mask(String key, int[] placed, int served) {
        boolean[] trained = masks.get(key);
        if (placed.length == 0) {
            return trained == null || served == trained.length ? trained : Arrays.copyOf(trained, served);
        }
        boolean[] mask = trained == null ? new boolean[served] : Arrays.copyOf(trained, served);
        for (int item : placed) {
            mask[item] = true;
        }
        return mask;
    }

    /** The movies of a genre ({@link #key}) in index order, the trained ones then {@code placed}; null when none has it. */
    int[] members(String key, int[] placed) {
        int[] trained = members.get(key);
        if (placed.length == 0) {
            return trained;
        }
        int[] all = trained == null ? new int[0] : trained;
        int[] joined = Arrays.copyOf(all, all.length + placed.length);
        System.arraycopy(placed, 0, joined, all.length, placed.length);
        return joined;
    }

    /** Served indices ({@code base + j}) of the movies placed after training whose catalogue entry has the genre {@code key}. */
    static int[] placed(String key, ItemOverlay newItems, MovieCatalog catalog, int base) {
        int[] placed = new int[newItems.size()];
        int count = 0;
        for (int j = 0; j < newItems.size(); j++) {
            boolean has = catalog.find(newItems.get(j).id())
                    .map(m -> m.genres().stream().anyMatch(g -> key(g).equals(key)))
                    .orElse(false);
            if (has) {
                placed[count++] = base + j;
            }
        }
        return Arrays.copyOf(placed, count);
    }

    Set<String> names() {
        return names;
    }

    /** The trained movies' count: the length of the year table. */
    int trained() {
        return years.length;
    }

    int year(int item) {
        return years[item];
    }
}
