package io.mfrecommender.recommendation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One recommended movie. Title, year and genres are null or empty when the catalog lacks the movie. */
public record Recommendation(
        @Schema(example = "2571") long movieId,
        @Schema(example = "Matrix, The") String title,
        @Schema(example = "1999") Integer year,

        @Schema(example = "[\"Action\", \"Sci-Fi\", \"Thriller\"]")
        List<String> genres,

        @Schema(description = "predicted rating, clipped to the rating scale", example = "4.62")
        double predictedRating) {}
