package io.mfrecommender.ratings;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code recommender.ratings.*}: ratings posted to the service.
 *
 * @param journal  the rating journal; by default {@code posted-ratings.journal} in {@code recommender.data.directory}
 * @param maxBatch most ratings one {@code POST /users/{id}/ratings} may carry (more: 413)
 */
public record RatingsProperties(
        Path journal,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxBatch) {

    public static final String DEFAULT_JOURNAL = "posted-ratings.journal";

    /** The journal file: {@link #journal} when set, else {@value #DEFAULT_JOURNAL} in {@code dataDirectory}. */
    public Path journalIn(Path dataDirectory) {
        return journal != null ? journal : dataDirectory.resolve(DEFAULT_JOURNAL);
    }
}
