package io.mfrecommender.catalogue;

import io.mfrecommender.api.ModelVersioned;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What a bulk catalogue load ({@code PUT /movies}) did: every entry that passed applied in one change,
 * and the lines refused.
 *
 * @param added         entries for movies the catalogue did not have
 * @param changed       entries that replaced one
 * @param refused       lines refused (in lenient mode the others were applied; otherwise nothing was)
 * @param refusedLines  the first {@value CatalogueBatch#MAX_REFUSALS} of them
 */
public record CatalogueLoad(
        @Schema(example = "49998") int added,
        @Schema(example = "0") int changed,
        @Schema(example = "2") long refused,
        List<RefusedLine> refusedLines,
        String modelVersion)
        implements ModelVersioned {

    public CatalogueLoad {
        refusedLines = List.copyOf(refusedLines);
    }

    /** A line of the file that was not applied. */
    public record RefusedLine(
            @Schema(description = "1-based line number in the file", example = "17")
            long line,

            @Schema(description = "the field at fault, or body for the line as a whole", example = "year")
            String field,

            @Schema(example = "'year' must be a whole number from 1870 to 2100")
            String problem) {}
}
