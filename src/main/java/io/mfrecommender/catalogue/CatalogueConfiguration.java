package io.mfrecommender.catalogue;

import io.mfrecommender.data.CatalogueEdits;
import io.mfrecommender.data.DataProperties;
import io.mfrecommender.data.Database;
import io.mfrecommender.ratings.RatingsProperties;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.PostedRatings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The catalogue edits and the service that applies them: a file in the data directory
 * ({@code catalogue-edits.jsonl}) with the journal, or, where posted ratings are kept in PostgreSQL
 * for every replica, the table {@code catalogue_edits}, which every replica follows.
 */
@Configuration(proxyBeanMethods = false)
class CatalogueConfiguration {

    @Bean
    CatalogueEdits catalogueEdits(
            DataProperties dataProperties,
            RatingsProperties ratingsProperties,
            ObjectProvider<Database> database,
            ModelVersions versions) {
        CatalogueEdits edits = ratingsProperties.store() == RatingsProperties.Store.POSTGRES
                ? new CatalogueEdits(new PostgresCatalogueLog(database.getObject()))
                : new CatalogueEdits(dataProperties.directory().resolve(CatalogueEdits.FILE_NAME));
        versions.useCatalogueEdits(edits);
        return edits;
    }

    @Bean
    CatalogueService catalogueService(ModelVersions versions, CatalogueEdits edits, PostedRatings posted) {
        return new CatalogueService(versions, edits, posted);
    }

    /** With edits every replica shares, this instance follows the others'. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "recommender.ratings", name = "store", havingValue = "postgres")
    SharedCatalogueFollower sharedCatalogueFollower(
            CatalogueEdits edits, ModelVersions versions, PostedRatings posted, RatingsProperties ratingsProperties) {
        return new SharedCatalogueFollower(edits, versions, posted, ratingsProperties.pollInterval());
    }
}
