package io.mfrecommender.data;

/**
 * A loaded rating source with its catalog, and the implicit events beside it (none by default).
 *
 * @param description human-readable name of the source, e.g. {@code MovieTweetings 100K (embedded)}
 * @param events      what the ranker trains on beside the ratings ({@code recommender.data.events}, and
 *                    events posted to the service)
 */
public record LoadedData(
        String description, Dataset ratings, LoadReport report, MovieCatalog catalog, EventTable events) {

    /** A source without events. */
    public LoadedData(String description, Dataset ratings, LoadReport report, MovieCatalog catalog) {
        this(description, ratings, report, catalog, EventTable.EMPTY);
    }

    public LoadedData withEvents(EventTable table, String describedAs) {
        return new LoadedData(describedAs, ratings, report, catalog, table);
    }
}
