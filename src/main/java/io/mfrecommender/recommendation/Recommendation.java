package io.mfrecommender.recommendation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One recommended movie. Title, year and genres are null or empty when the catalog lacks the movie;
 * {@code placedFrom} appears only for a movie added after the version was trained.
 */
public record Recommendation(
        @Schema(example = "2571") long movieId,
        @Schema(example = "Matrix, The") String title,
        @Schema(example = "1999") Integer year,

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
        String placedFrom) {}
