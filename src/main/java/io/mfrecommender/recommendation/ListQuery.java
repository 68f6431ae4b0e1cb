package io.mfrecommender.recommendation;

import java.util.List;

/**
 * What one request asks of a recommendation list: the page, and the rules that narrow or reorder
 * it. Every rule narrows the same candidates, so they combine; one that leaves nothing gives an
 * empty page, not an error. Checked against the configured bounds by {@link RecommendationService}.
 *
 * @param limit        movies on the page
 * @param offset       how many of the best to skip
 * @param excludeRated leave out movies the user rated
 * @param genre        only movies of this catalogue genre; null or blank: all
 * @param sort         {@code relevance} (the ranker) or {@code predicted-rating}; null: relevance
 * @param exclude      movie ids never to recommend
 * @param include      when not empty, rank only these movie ids
 * @param minYear      only movies released in or after this year (movies without a year are left out); null: no bound
 * @param maxYear      only movies released in or before this year; null: no bound
 * @param diversity    0 (the ranker's order) to 1: weight of dissimilarity to the movies above ({@link ListRules})
 */
public record ListQuery(
        int limit,
        int offset,
        boolean excludeRated,
        String genre,
        String sort,
        List<Long> exclude,
        List<Long> include,
        Integer minYear,
        Integer maxYear,
        double diversity) {

    public ListQuery {
        exclude = exclude == null ? List.of() : exclude;
        include = include == null ? List.of() : include;
    }

    /** The first {@code limit} movies, rated ones left out, in the version's own order, no other rule. */
    public static ListQuery top(int limit) {
        return new ListQuery(limit, 0, true, null, null, List.of(), List.of(), null, null, 0);
    }

    public ListQuery withExclude(List<Long> ids) {
        return new ListQuery(limit, offset, excludeRated, genre, sort, ids, include, minYear, maxYear, diversity);
    }

    public ListQuery withInclude(List<Long> ids) {
        return new ListQuery(limit, offset, excludeRated, genre, sort, exclude, ids, minYear, maxYear, diversity);
    }

    public ListQuery withYears(Integer from, Integer to) {
        return new ListQuery(limit, offset, excludeRated, genre, sort, exclude, include, from, to, diversity);
    }

    public ListQuery withDiversity(double value) {
        return new ListQuery(limit, offset, excludeRated, genre, sort, exclude, include, minYear, maxYear, value);
    }

    /** Whether a release-year bound is set. */
    boolean yearBounded() {
        return minYear != null || maxYear != null;
    }
}
