package io.mfrecommender.catalogue;

import io.mfrecommender.data.CatalogueEdits;
import io.mfrecommender.data.DataProperties;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.PostedRatings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The catalogue edits file ({@code catalogue-edits.jsonl} in the data directory) and the service that applies them. */
@Configuration(proxyBeanMethods = false)
class CatalogueConfiguration {

    @Bean
    CatalogueEdits catalogueEdits(DataProperties dataProperties, ModelVersions versions) {
        CatalogueEdits edits = new CatalogueEdits(dataProperties.directory().resolve(CatalogueEdits.FILE_NAME));
        versions.useCatalogueEdits(edits);
        return edits;
    }

    @Bean
    CatalogueService catalogueService(ModelVersions versions, CatalogueEdits edits, PostedRatings posted) {
        return new CatalogueService(versions, edits, posted);
    }
}
