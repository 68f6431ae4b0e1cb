package io.mfrecommender.data;

/**
 * A loaded rating source with its catalog.
 *
 * @param description human-readable name of the source, e.g. {@code MovieTweetings 100K (embedded)}
 */
public record LoadedData(String description, Dataset ratings, LoadReport report, MovieCatalog catalog) {}
