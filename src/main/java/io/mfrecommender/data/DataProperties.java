package io.mfrecommender.data;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code recommender.data.*}: where ratings and the movie catalog come from.
 *
 * @param source    {@code embedded} (MovieTweetings 100K, shipped), {@code file}, {@code movielens-1m}, or
 *                  {@code jdbc}: {@code query} on the database of {@code spring.datasource.url}
 * @param ratings   ratings file for {@code source: file}
 * @param movies    optional catalog file for {@code source: file}
 * @param directory where downloads and the rating journal live
 * @param parseMode {@code lenient} skips and counts malformed lines; {@code strict} fails the load
 * @param scaleMin  lowest valid rating; with {@code scaleMax} it overrides the range read from the data
 * @param scaleMax  highest valid rating
 * @param movielens where MovieLens 1M is fetched from and its expected checksum
 * @param query     for {@code source: jdbc}: a query whose columns are user, movie, rating and
 *                  timestamp (seconds), in that order; the default reads the {@code ratings} table
 *                  the migrations create, in id order. Null takes the default
 * @param events    optional events file ({@code user,movie,type,timestamp}; {@link EventsReader}) the
 *                  ranker trains on beside the ratings, whatever the source
 */
@ConfigurationProperties("recommender.data")
@Validated
public record DataProperties(
        @DefaultValue("embedded") @NotNull Source source,
        Path ratings,
        Path movies,
        @DefaultValue("data") @NotNull Path directory,
        @DefaultValue("lenient") @NotNull ParseMode parseMode,
        Double scaleMin,
        Double scaleMax,
        @DefaultValue @Valid MovieLens movielens,
        String query,
        Path events) {

    /** Settings without an events file. */
    public DataProperties(
            Source source,
            Path ratings,
            Path movies,
            Path directory,
            ParseMode parseMode,
            Double scaleMin,
            Double scaleMax,
            MovieLens movielens,
            String query) {
        this(source, ratings, movies, directory, parseMode, scaleMin, scaleMax, movielens, query, null);
    }

    /** The query of {@code source: jdbc} unless {@code recommender.data.query} says otherwise. */
    public static final String DEFAULT_QUERY = "SELECT user_id, movie_id, rating, rated_at FROM ratings ORDER BY id";

    @ConstructorBinding
    public DataProperties {
        query = query == null || query.isBlank() ? DEFAULT_QUERY : query;
    }

    public enum Source {
        EMBEDDED,
        FILE,
        MOVIELENS_1M,
        JDBC
    }

    /**
     * @param url      the archive's address; GroupLens' official one by default
     * @param checksum {@code md5:<hex>} or {@code sha256:<hex>}; the default is the MD5 GroupLens
     *                 publishes beside the archive ({@code ml-1m.zip.md5})
     * @param timeout  connect and request timeout
     */
    public record MovieLens(
            @DefaultValue("https://files.grouplens.org/datasets/movielens/ml-1m.zip") @NotNull
            URI url,

            @DefaultValue("md5:c4d9eecfca2ab87c1945afe126590906") @NotBlank
            String checksum,

            @DefaultValue("5m") @NotNull Duration timeout) {}

    @AssertTrue(message = "recommender.data.ratings must be set when recommender.data.source is 'file'")
    public boolean isRatingsSetForFileSource() {
        return source != Source.FILE || ratings != null;
    }

    @AssertTrue(message = "recommender.data.scale-min and scale-max must be set together, with min <= max")
    public boolean isScaleComplete() {
        return (scaleMin == null && scaleMax == null) || (scaleMin != null && scaleMax != null && scaleMin <= scaleMax);
    }

    /** The configured rating scale, or null to read it from the data. */
    public RatingScale configuredScale() {
        return scaleMin == null || scaleMax == null ? null : new RatingScale(scaleMin, scaleMax);
    }
}
