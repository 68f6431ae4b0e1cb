package io.mfrecommender.system;

import io.mfrecommender.data.DataSourceLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the data layer to the configuration. */
@Configuration(proxyBeanMethods = false)
class DataConfiguration {

    @Bean
    DataSourceLoader dataSourceLoader(RecommenderProperties properties) {
        return new DataSourceLoader(properties.data());
    }
}
