package io.mfrecommender.system;

import io.mfrecommender.access.AccessProperties;
import io.mfrecommender.access.AccessRules;
import io.mfrecommender.api.ModelVersioned;
import io.mfrecommender.jobs.TrainingJobs;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.prediction.PredictionProperties;
import io.mfrecommender.ratings.RatingsService;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
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
    private static final String BEARER = "bearer";

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

    /** Required and nullable members from the records themselves ({@link RecordSchemas}). */
    @Bean
    RecordSchemas recordSchemas() {
        return new RecordSchemas();
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
                                        .description("An API key (recommender.security.api-key, .keys or .keys-file); "
                                                + "each operation lists the scope it needs: read, read:user-data, "
                                                + "write or admin"))
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("A token from the configured issuer "
                                                + "(spring.security.oauth2.resourceserver.jwt.*) whose scope claim "
                                                + "or roles name the scope; a user's own token reads their data")))
                .tags(List.of(
                        new Tag().name("Predictions").description("Predicted ratings, one pair or a batch"),
                        new Tag()
                                .name("Recommendations")
                                .description("A user's top-N with per-request rules, and why a movie is on it"),
                        new Tag().name("Movies").description("Movie details, similar movies and catalogue entries"),
                        new Tag()
                                .name("Ratings")
                                .description("Ratings posted to the service, a user's ratings, removal and erasure"),
                        new Tag()
                                .name("Events")
                                .description(
                                        "What users did (views, plays, purchases, not interested), beside ratings"),
                        new Tag().name("Training jobs").description("Training a version in the background"),
                        new Tag()
                                .name("Model versions")
                                .description("Saved versions, the active one, .pth imports and exports"),
                        new Tag()
                                .name("Experiments")
                                .description("Splitting users between versions and their hit rates"),
                        new Tag().name("Audit").description("Every change made to the service, and who made it")))
                .info(new Info()
                        .title("mf-recommender")
                        .version("v1")
                        .description("Matrix-factorization recommendations: predicted ratings, top-N "
                                + "recommendations and similar movies from user and item factors learned "
                                + "from explicit ratings (and, for the ranker, implicit events). Every response computed from a model carries its modelVersion "
                                + "and an X-Model-Version header; every error is an RFC 9457 problem document "
                                + "(application/problem+json) with a stable type. Until a model is active, model "
                                + "endpoints answer 503 with Retry-After."));
    }

    /** The problem schema's name in the document. */
    static final String PROBLEM = "Problem";

    /**
     * The problem document as the service writes it (RFC 9457): {@code type} and {@code instance}
     * are relative references ({@code /problems/invalid-parameter}), which the RFC allows, so
     * {@code uri-reference}; the extension members some problems carry are in the schema.
     */
    static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem document; type is stable and names the problem")
                .addProperty("type", new StringSchema().format("uri-reference").example("/problems/invalid-parameter"))
                .addProperty("title", new StringSchema().example("Invalid parameter"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema())
                .addProperty(
                        "instance", new StringSchema().format("uri-reference").example("/predict"))
                .addProperty("parameter", new StringSchema().description("the parameter or member refused"))
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .items(new StringSchema())
                                .description("every constraint a request body or parameter broke"))
                .addProperty("movie", new IntegerSchema().format("int64").description("the movie id not known"))
                .addProperty(
                        "modelVersion", new StringSchema().description("the version that answered, or was asked for"))
                .addProperty("maxBatch", new IntegerSchema().description("the batch bound a request went over"))
                .addProperty(
                        "maxBytes", new IntegerSchema().format("int64").description("the size bound a body went over"))
                .addProperty("scope", new StringSchema().description("the scope a call needs and the credential lacks"))
                .addProperty(
                        "refusedClass", new StringSchema().description("what a model file asked to construct, refused"))
                .required(List.of("type", "title", "status"));
    }

    @Bean
    OpenApiCustomizer problemResponses(RecordSchemas records, AccessProperties access) {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .forEach((route, path) -> path.readOperationsMap().forEach((method, operation) -> {
                        ApiResponses responses = operation.getResponses();
                        AccessRules.Rule rule = AccessRules.find(HttpMethod.valueOf(method.name()), route);
                        if (rule == null || (rule.kind() == AccessRules.Kind.READ && access.openReads())) {
                            // Open to every caller: said explicitly, so a reader need not infer it.
                            operation.addSecurityItem(new SecurityRequirement());
                        }
                        if (rule != null) {
                            // The scope as an extension and in words: linters read scopes in a requirement as
                            // OAuth2 scopes, which an API key's and a bearer token's schemes do not declare.
                            String scope = rule.scope().word();
                            operation.addSecurityItem(new SecurityRequirement().addList(API_KEY));
                            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
                            operation.addExtension("x-required-scope", scope);
                            String needs = rule.kind() == AccessRules.Kind.READ && access.openReads()
                                    ? "Open while reads are open; with reads closed it needs the scope " + scope
                                    : "Needs the scope " + scope;
                            needs += rule.self() ? ", or a token of the user in the path." : ".";
                            operation.setDescription(
                                    operation.getDescription() == null
                                            ? needs
                                            : operation.getDescription() + " " + needs);
                            responses.putIfAbsent(
                                    "401",
                                    new ApiResponse()
                                            .description("No credential in " + SecurityConfiguration.HEADER
                                                    + " or Authorization, or not a valid one"));
                            responses.putIfAbsent(
                                    "403",
                                    new ApiResponse()
                                            .description("The credential lacks the scope "
                                                    + rule.scope().word()
                                                    + " (insufficient-scope), or the service has no credential "
                                                    + "configured (changes-disabled)"));
                            responses
                                    .get("401")
                                    .addHeaderObject(
                                            "WWW-Authenticate",
                                            header("The schemes to authenticate with: ApiKey header=\""
                                                    + SecurityConfiguration.HEADER + "\" (and Bearer where tokens are "
                                                    + "accepted)"));
                        }
                        responses.putIfAbsent(
                                "429",
                                new ApiResponse()
                                        .description("The caller is over its request rate "
                                                + "(recommender.security.limits.*); retry after Retry-After seconds"));
                        responses
                                .get("429")
                                .addHeaderObject(
                                        "Retry-After",
                                        header("Seconds to wait before retrying")
                                                .schema(new IntegerSchema()));
                        if (operation.getRequestBody() != null) {
                            responses.putIfAbsent(
                                    "413",
                                    new ApiResponse()
                                            .description("The body is larger than recommender.http.max-body-bytes "
                                                    + "(or the upload bound); nothing of it is kept"));
                            responses.putIfAbsent(
                                    "408",
                                    new ApiResponse()
                                            .description(
                                                    "The body did not arrive within recommender.http.body-timeout; "
                                                            + "nothing of it is kept"));
                            responses.putIfAbsent(
                                    "415",
                                    new ApiResponse().description("The body's Content-Type is not the one documented"));
                        }
                        if (operation.getParameters() != null
                                && !operation.getParameters().isEmpty()) {
                            responses.putIfAbsent(
                                    "400",
                                    new ApiResponse()
                                            .description("A parameter is malformed or out of range; the problem "
                                                    + "names it"));
                        }
                        responses.putIfAbsent(
                                "406",
                                new ApiResponse()
                                        .description("The Accept header allows none of the response's media types"));
                        responses.putIfAbsent(
                                "500",
                                new ApiResponse()
                                        .description("An unexpected failure inside the service (a defect); the problem "
                                                + "names no path, class or secret"));
                        responses.putIfAbsent(
                                "503",
                                new ApiResponse()
                                        .description(
                                                "No model is active yet (the service is loading or training), the storage it writes "
                                                        + "is unavailable, or a bound on what requests hold at once is "
                                                        + "reached; retry after Retry-After seconds"));
                        responses
                                .get("503")
                                .addHeaderObject(
                                        "Retry-After",
                                        header("Seconds to wait before retrying")
                                                .schema(new IntegerSchema()));
                        responses.forEach((code, response) -> {
                            if (code.startsWith("4") || code.startsWith("5")) {
                                response.setContent(new Content()
                                        .addMediaType(
                                                MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                                new io.swagger.v3.oas.models.media.MediaType()
                                                        .schema(new Schema<>()
                                                                .$ref("#/components/schemas/" + PROBLEM))));
                            } else if (code.startsWith("2") && modelVersioned(response, records)) {
                                response.addHeaderObject(
                                        ModelVersioned.HEADER, header("The model version that computed the body"));
                            }
                            if (code.equals("201") || code.equals("202")) {
                                response.addHeaderObject(
                                        "Location",
                                        header("Where the created resource is read")
                                                .schema(new StringSchema().format("uri-reference")));
                            }
                        });
                    }));
        };
    }

    /**
     * The bounds a request is checked against, as schema keywords, from the configuration the
     * service runs with (so the document says the limits this instance applies, not the defaults).
     */
    @Bean
    OpenApiCustomizer requestLimits(ServingProperties serving, PredictionProperties prediction) {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            bound(openApi, "/users/{id}/recommendations", "limit", 1, serving.maxLimit());
            bound(openApi, "/users/{id}/recommendations", "offset", 0, serving.maxOffset());
            items(openApi, "/users/{id}/recommendations", "exclude", serving.maxExclude());
            items(openApi, "/users/{id}/recommendations", "include", serving.maxInclude());
            bound(openApi, "/movies/{id}/similar", "limit", 1, serving.maxLimit());
            bound(openApi, "/users/{id}/recommendations/{movie}/explanation", "limit", 1, serving.maxLimit());
            bound(openApi, "/users/{id}/ratings", "limit", 1, RatingsService.MAX_PAGE);
            bound(openApi, "/users/{id}/ratings", "offset", 0, Integer.MAX_VALUE);
            bound(openApi, "/training-jobs", "page", 0, TrainingJobs.MAX_PAGE);
            bound(openApi, "/training-jobs", "size", 1, TrainingJobs.MAX_PAGE_SIZE);
            Schema<?> batch = openApi.getComponents().getSchemas().get("PredictionRequest");
            if (batch != null
                    && batch.getProperties() != null
                    && batch.getProperties().get("pairs") != null) {
                batch.getProperties().get("pairs").maxItems(prediction.maxBatch());
            }
        };
    }

    /**
     * The bulk catalogue file's NDJSON example as the text it is: springdoc reads an example that
     * parses as JSON into an object, which a client generator would then send as one JSON document.
     */
    @Bean
    OpenApiCustomizer textExamples() {
        return openApi -> Optional.ofNullable(openApi.getPaths())
                .map(paths -> paths.get("/movies"))
                .map(path -> path.getPut())
                .map(operation -> operation.getRequestBody())
                .map(body -> body.getContent())
                .map(content -> content.get("application/x-ndjson"))
                .ifPresent(
                        media -> media.setExample(
                                "{\"id\": 100001, \"title\": \"Premiere\", \"year\": 2026, \"genres\": [\"Drama\"]}\n"
                                        + "{\"id\": 100002, \"title\": \"Sequel\", \"availableFrom\": \"2027-01-01T00:00:00Z\"}\n"));
    }

    private static void bound(OpenAPI openApi, String route, String name, int minimum, int maximum) {
        parameter(openApi, route, name)
                .ifPresent(schema -> schema.minimum(BigDecimal.valueOf(minimum)).maximum(BigDecimal.valueOf(maximum)));
    }

    private static void items(OpenAPI openApi, String route, String name, int maximum) {
        parameter(openApi, route, name).ifPresent(schema -> schema.maxItems(maximum));
    }

    /** The schema of a GET operation's query parameter. */
    private static Optional<Schema> parameter(OpenAPI openApi, String route, String name) {
        return Optional.ofNullable(openApi.getPaths().get(route))
                .map(path -> path.getGet())
                .map(operation -> operation.getParameters())
                .flatMap(parameters -> parameters.stream()
                        .filter(parameter -> parameter.getName().equals(name))
                        .findFirst())
                .map(parameter -> parameter.getSchema());
    }

    /** Whether a response's body is a record sent with {@link ModelVersioned#HEADER}. */
    private static boolean modelVersioned(ApiResponse response, RecordSchemas records) {
        return response.getContent() != null
                && response.getContent().values().stream()
                        .map(media -> media.getSchema() == null
                                ? null
                                : media.getSchema().get$ref())
                        .anyMatch(
                                ref -> ref != null && records.modelVersioned(ref.substring(ref.lastIndexOf('/') + 1)));
    }

    private static Header header(String description) {
        return new Header().description(description).schema(new StringSchema());
    }
}
