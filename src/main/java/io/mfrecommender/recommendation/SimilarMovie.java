package io.mfrecommender.recommendation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A movie and its cosine similarity, in [-1, 1], to the queried one's item factors (the ranker's when present). */
public record SimilarMovie(
        long movieId,
        @Nullable String title,
        @Nullable Integer year,
        List<String> genres,
        @Schema(example = "0.83") double similarity) {}
