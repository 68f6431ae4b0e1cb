package io.mfrecommender;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks exchanges against an OpenAPI 3.1 document with networknt's JSON Schema validator (the
 * document's own dialect): the operation exists, the status is listed, every declared header is
 * sent, the content type is named, and a JSON response body, and the request body of a request the
 * service accepted, are valid against their schemas, references followed within the document.
 * Operational paths (actuator, the document, Swagger UI) are not the API's and are passed over; an
 * unknown or malformed path answered 404 or 400, or a method the path lacks answered 405 (400, 501
 * for one no server knows), is right and not counted beyond that.
 * Collects what it finds; {@link #violations}.
 */
final class ContractValidator {

    private static final String DOCUMENT = "https://contract.test/openapi.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * What is served beside the API and not described by its document: operations, the document, its
     * UI, the console's files and the WebJar they load.
     */
    private static final Pattern OUTSIDE =
            Pattern.compile("/(actuator|v3/api-docs|swagger-ui|console|webjars)(/|\\.html|$)");

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<String> violations = new ArrayList<>();
    private final TreeSet<String> covered = new TreeSet<>();
    private int exchanges;

    ContractValidator(String documentJson) {
        this.document = JSON.readTree(documentJson);
        this.registry = SchemaRegistry.withDialect(
                Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(DOCUMENT, documentJson)));
    }

    /** Checks one exchange: {@code requestJson} is the body sent (null: none or not JSON). */
    void check(String method, String pathAndQuery, String requestJson, HttpResponse<?> response) {
        check(
                method,
                pathAndQuery,
                requestJson,
                response.statusCode(),
                response.headers()::firstValue,
                response.body());
    }

    /**
     * Checks one exchange, however it was seen: {@code header} looks a response header up by name
     * (any case), {@code body} is the response body as text or bytes (null: none, or too long to have
     * been kept, and then not checked against a schema).
     */
    synchronized void check(
            String method,
            String pathAndQuery,
            String requestJson,
            int status,
            Function<String, Optional<String>> header,
            Object body) {
        String path = pathAndQuery.split("\\?", 2)[0];
        if (OUTSIDE.matcher(path).lookingAt()) {
            return;
        }
        exchanges++;
        String template = template(path);
        String where = method + " " + pathAndQuery + " -> " + status;
        if (template == null) {
            // An unknown path answered 404, or a malformed one refused 400, is right; nothing else is.
            if (status != 404 && status != 400) {
                violations.add(where + ": no path of the document matches");
            }
            return;
        }
        String verb = method.toLowerCase(Locale.ROOT);
        JsonNode operation = document.path("paths").path(template).path(verb);
        if (operation.isMissingNode()) {
            // A method the path lacks answered 405, or one no HTTP server knows refused 400 or 501, is right.
            if (status != 405 && status != 400 && status != 501) {
                violations.add(where + ": the document has no " + method + " " + template);
            }
            return;
        }
        covered.add(method + " " + template);
        // A body the service accepted must be one the document describes; a refused one may not be.
        if (requestJson != null && status < 300) {
            validate(
                    where + " request body",
                    pointer("paths", template, verb, "requestBody", "content", "application/json", "schema"),
                    operation.path("requestBody").path("content").path("application/json"),
                    requestJson);
        }
        String code = Integer.toString(status);
        JsonNode listed = operation.path("responses").path(code);
        if (listed.isMissingNode()) {
            violations.add(where + ": status not listed");
            return;
        }
        for (Iterator<String> headers = listed.path("headers").propertyNames().iterator(); headers.hasNext(); ) {
            String name = headers.next();
            if (header.apply(name).isEmpty()) {
                violations.add(where + ": declared header " + name + " not sent");
            }
        }
        String contentType = header.apply("Content-Type")
                .map(value -> value.split(";", 2)[0].strip())
                .orElse(null);
        boolean hasBody =
                body instanceof String text ? !text.isEmpty() : body instanceof byte[] bytes && bytes.length > 0;
        if (contentType == null || !hasBody) {
            return;
        }
        JsonNode media = listed.path("content").path(contentType);
        if (media.isMissingNode()) {
            violations.add(where + ": content type " + contentType + " not named");
            return;
        }
        if (contentType.endsWith("json") && body instanceof String text) {
            validate(
                    where,
                    pointer("paths", template, verb, "responses", code, "content", contentType, "schema"),
                    media,
                    text);
        }
    }

    private void validate(String where, String schemaPointer, JsonNode media, String json) {
        if (media.isMissingNode() || media.path("schema").isMissingNode()) {
            violations.add(where + ": no schema in the document");
            return;
        }
        Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT + "#" + schemaPointer));
        schema.validate(JSON.readTree(json))
                .forEach(
                        error -> violations.add(where + ": " + error.getInstanceLocation() + " " + error.getMessage()));
    }

    /** The document's path template that {@code path} is an instance of, or null. */
    private String template(String path) {
        for (Iterator<String> templates = document.path("paths").propertyNames().iterator(); templates.hasNext(); ) {
            String template = templates.next();
            String regex = "^" + Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "$";
            if (path.matches(regex)) {
                return template;
            }
        }
        return null;
    }

    /** A JSON pointer for a URI fragment: each token escaped (~0, ~1) and the braces of templates percent-encoded. */
    private static String pointer(String... tokens) {
        StringBuilder pointer = new StringBuilder();
        for (String token : tokens) {
            pointer.append('/')
                    .append(token.replace("~", "~0")
                            .replace("/", "~1")
                            .replace("{", "%7B")
                            .replace("}", "%7D"));
        }
        return pointer.toString();
    }

    List<String> violations() {
        return violations;
    }

    /** The operations ({@code METHOD /template}) checked at least once. */
    TreeSet<String> covered() {
        return covered;
    }

    int exchanges() {
        return exchanges;
    }

    /** Every operation of the document, {@code METHOD /template}. */
    TreeSet<String> operations() {
        TreeSet<String> all = new TreeSet<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .propertyNames()
                        .forEach(verb -> all.add(verb.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return all;
    }
}
