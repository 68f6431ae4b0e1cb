package io.mfrecommender.catalogue;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code recommender.catalogue.*}: bounds on a bulk load ({@code PUT /movies}).
 *
 * @param maxBulkBytes   the largest file taken; it is received onto the data disk, never into memory
 *                       (more: 413)
 * @param maxBulkEntries the most entries one file may hold (about 300 bytes of heap each while it is
 *                       checked and applied); the lines after are refused
 */
@ConfigurationProperties("recommender.catalogue")
@Validated
public record CatalogueProperties(
        @DefaultValue("64MB") @NotNull DataSize maxBulkBytes,
        @DefaultValue("200000") @Min(1) @Max(10_000_000) int maxBulkEntries) {

    public static CatalogueProperties defaults() {
        return new CatalogueProperties(DataSize.ofMegabytes(64), 200_000);
    }
}
