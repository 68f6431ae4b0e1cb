package io.mfrecommender.data;

import java.util.List;

/**
 * One catalog entry.
 *
 * @param id     the movie id used in rating files
 * @param title  the title without the trailing {@code (year)}
 * @param year   release year, or null when the catalog gives none
 * @param genres genre names, possibly empty
 * @param availability when it may be recommended ({@link Availability#ALWAYS} unless the catalogue says)
 */
public record Movie(long id, String title, Integer year, List<String> genres, Availability availability) {

    public Movie {
        genres = List.copyOf(genres);
        availability = availability == null ? Availability.ALWAYS : availability;
    }

    /** An entry that is always available. */
    public Movie(long id, String title, Integer year, List<String> genres) {
        this(id, title, year, genres, Availability.ALWAYS);
    }

    public Movie withAvailability(Availability newAvailability) {
        return new Movie(id, title, year, genres, newAvailability);
    }

    /** Splits a MovieLens-style title such as {@code "Heat (1995)"} into title and year. */
    static Movie fromListedTitle(long id, String listedTitle, List<String> genres) {
        String title = listedTitle.strip();
        Integer year = null;
        int open = title.lastIndexOf('(');
        if (title.endsWith(")") && open >= 0 && title.length() - open == 6) {
            String digits = title.substring(open + 1, open + 5);
            if (digits.chars().allMatch(Character::isDigit)) {
                year = Integer.parseInt(digits);
                title = title.substring(0, open).strip();
            }
        }
        return new Movie(id, title, year, genres);
    }
}
