package io.mfrecommender.ratings;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code recommender.ratings.*}: ratings posted to the service.
 *
 * @param store        where posted ratings are kept: {@code journal}, a file of this instance (the
 *                     default: no database needed), or {@code postgres}, a database every replica
 *                     shares ({@code spring.datasource.url}, {@code .username}, {@code .password});
 *                     the setting {@code auto} is resolved before binding to the store the models
 *                     directory records ({@code system.RatingsStoreRecord})
 * @param journal      the rating journal; by default {@code posted-ratings.journal} in {@code recommender.data.directory}
 * @param maxBatch     most ratings one {@code POST /users/{id}/ratings} may carry (more: 413)
 * @param pollInterval with {@code postgres}: how often each replica reads what the others wrote
 */
@ConfigurationProperties("recommender.ratings")
@Validated
public record RatingsProperties(
        @DefaultValue("journal") Store store,
        Path journal,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxBatch,
        @DefaultValue("200ms") Duration pollInterval) {

    public static final String DEFAULT_JOURNAL = "posted-ratings.journal";

    /** Where posted ratings are kept. */
    public enum Store {
        JOURNAL,
        POSTGRES
    }

    /** The settings of one instance with a journal and no database (tests, the command line). */
    public static RatingsProperties journal(Path journal, int maxBatch) {
        return new RatingsProperties(Store.JOURNAL, journal, maxBatch, Duration.ofMillis(200));
    }

    /** The journal file: {@link #journal} when set, else {@value #DEFAULT_JOURNAL} in {@code dataDirectory}. */
    public Path journalIn(Path dataDirectory) {
        return journal != null ? journal : dataDirectory.resolve(DEFAULT_JOURNAL);
    }
}
