package io.mfrecommender.recommendation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A movie and its cosine similarity, in [-1, 1], to the queried one's item factors (the ranker's when present). */
public record SimilarMovie(
        long movieId,
        String title,
        Integer year,
        List<String> genres,
        @Schema(example = "0.83") double similarity) {}
