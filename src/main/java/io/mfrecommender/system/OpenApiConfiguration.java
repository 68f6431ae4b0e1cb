package io.mfrecommender.system;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.properties.SwaggerUiConfigParameters;
import org.springdoc.core.properties.SwaggerUiConfigProperties;
import org.springdoc.core.providers.SpringWebProvider;
import org.springdoc.webmvc.ui.SwaggerWelcomeWebMvc;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The OpenAPI document shown at {@code /swagger-ui.html}: title and description, and the error
 * responses every model endpoint shares. Controllers document their own 4xx cases; this adds the
 * 503 of "no model yet" to every operation and gives every error response the problem schema,
 * so the contract states one error shape once.
 *
 * <p>Calls that change the service carry the {@code apiKey} security scheme (the header
 * {@link SecurityConfiguration#HEADER}) and its 401 and 403, so Swagger UI's Authorize dialog sends the
 * key. The one server is the relative {@code /}: springdoc would otherwise build it from the request's
 * {@code Host} header, which any client chooses.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String API_KEY = "apiKey";

    /**
     * Swagger UI's configuration ({@code /v3/api-docs/swagger-config}) without the one URL springdoc
     * builds from the request's {@code Host} or {@code X-Forwarded-Host} header (the OAuth2 redirect,
     * which this service does not use): relative, like every other URL in it.
     */
    @Bean
    SwaggerWelcomeWebMvc swaggerWelcome(
            SwaggerUiConfigProperties swaggerUiConfig,
            SpringDocConfigProperties springDocConfigProperties,
            ObjectProvider<SpringWebProvider> springWebProvider) {
        return new SwaggerWelcomeWebMvc(swaggerUiConfig, springDocConfigProperties, springWebProvider) {
            @Override
            protected void calculateOauth2RedirectUrl(
                    SwaggerUiConfigParameters parameters, UriComponentsBuilder fromRequest) {
                parameters.setOauth2RedirectUrl(parameters.getUiRootPath() + getOauth2RedirectUrl());
            }
        };
    }

    @Bean
    OpenAPI recommenderOpenApi() {
        return new OpenAPI()
                .addServersItem(new Server().url("/").description("this service"))
                .components(new Components()
                        .addSecuritySchemes(
                                API_KEY,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name(SecurityConfiguration.HEADER)
                                        .description(
                                                "Needed to train, activate, and post or delete ratings: the key in "
                                                        + "recommender.security.api-key")))
                .info(new Info()
                        .title("mf-recommender")
                        .version("v1")
                        .description("Matrix-factorization recommendations: predicted ratings, top-N "
                                + "recommendations and similar movies from user and item factors learned "
                                + "from explicit ratings. Every response computed from a model carries its modelVersion "
                                + "and an X-Model-Version header; every error is an RFC 9457 problem document "
                                + "(application/problem+json) with a stable type. Until a model is active, model "
                                + "endpoints answer 503 with Retry-After."));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            ModelConverters.getInstance()
                    .read(ProblemDetail.class)
                    .forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .forEach((route, path) -> path.readOperationsMap().forEach((method, operation) -> {
                        ApiResponses responses = operation.getResponses();
                        if (SecurityConfiguration.isProtected(HttpMethod.valueOf(method.name()), route)) {
                            operation.addSecurityItem(new SecurityRequirement().addList(API_KEY));
                            responses.putIfAbsent(
                                    "401",
                                    new ApiResponse()
                                            .description("No API key in " + SecurityConfiguration.HEADER
                                                    + ", or not the configured one"));
                            responses.putIfAbsent(
                                    "403",
                                    new ApiResponse()
                                            .description(
                                                    "The service has no API key configured, so it refuses every change"));
                        }
                        responses.putIfAbsent(
                                "503",
                                new ApiResponse()
                                        .description(
                                                "No model is active yet (the service is loading or training), the storage it writes "
                                                        + "is unavailable, or a bound on what requests hold at once is "
                                                        + "reached; retry after Retry-After seconds"));
                        responses.forEach((code, response) -> {
                            if (code.startsWith("4") || code.startsWith("5")) {
                                response.setContent(new Content()
                                        .addMediaType(
                                                MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                                new io.swagger.v3.oas.models.media.MediaType()
                                                        .schema(new Schema<>()
                                                                .$ref("#/components/schemas/ProblemDetail"))));
                            }
                        });
                    }));
        };
    }
}
