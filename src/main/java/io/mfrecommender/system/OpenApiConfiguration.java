package io.mfrecommender.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title and description, shown at {@code /swagger-ui.html}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI recommenderOpenApi() {
        return new OpenAPI().info(new Info()
                .title("mf-recommender")
                .version("v1")
                .description("Matrix-factorization recommendations: predicted ratings, top-N "
                        + "recommendations and similar movies from user and item factors learned "
                        + "from explicit ratings. Every response computed from a model carries its modelVersion "
                        + "and an X-Model-Version header; every error is an RFC 9457 problem document "
                        + "(application/problem+json) with a stable type. Until a model is active, model "
                        + "endpoints answer 503 with Retry-After."));
    }
}
