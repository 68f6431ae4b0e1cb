package io.mfrecommender.recommendation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One recommended movie. Title, year and genres are null or empty when the catalog lacks the movie;
 * {@code placedFrom} appears only for a movie added after the version was trained.
 */
public record Recommendation(
        @Schema(example = "2571") long movieId,
        @Schema(example = "Matrix, The") @Nullable String title,
        @Schema(example = "1999") @Nullable Integer year,

        @Schema(example = "[\"Action\", \"Sci-Fi\", \"Thriller\"]")
        List<String> genres,

        @Schema(description = "predicted rating, clipped to the rating scale", example = "4.62")
        double predictedRating,

        @Schema(
                description = "only for a movie added after the model version was trained: 'ratings' when it "
                        + "was placed from its ratings, 'genres' when it has none yet and was placed from its "
                        + "genres' movies",
                example = "ratings",
                nullable = true)
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable
        String placedFrom) {}
