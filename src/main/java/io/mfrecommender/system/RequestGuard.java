package io.mfrecommender.system;

import io.mfrecommender.api.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the shape of a request before anything parses it, and answers a clear problem instead
 * of letting a framework guess:
 * <ul>
 * <li>the query string must be valid percent-encoded UTF-8 (400 naming the parameter, where the
 *     container would fail deep inside parameter parsing);</li>
 * <li>on the service's own endpoints a parameter may be given once and never empty (400: the
 *     service takes no lists, and an empty {@code limit=} is a mistake, not a request for the
 *     default); actuator and documentation endpoints keep their own rules;</li>
 * <li>a request body must be JSON: {@code application/json} or {@code application/*+json}, UTF-8
 *     (415 for anything else, wildcards and YAML included).</li>
 * </ul>
 */
final class RequestGuard extends OncePerRequestFilter {

    private static final String[] FRAMEWORK_PATHS = {"/actuator", "/swagger-ui", "/v3/api-docs", "/webjars"};

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean own = ownEndpoint(request.getRequestURI());
        String query = request.getQueryString();
        if (query != null && !query.isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (String pair : query.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String name = decode(rawName);
                if (name == null) {
                    invalid(
                            request,
                            response,
                            printable(rawName),
                            "the name of query parameter '" + printable(rawName)
                                    + "' is not valid percent-encoded UTF-8");
                    return;
                }
                String value = eq < 0 ? null : decode(pair.substring(eq + 1));
                if (eq >= 0 && value == null) {
                    invalid(
                            request,
                            response,
                            printable(name),
                            "the value of '" + printable(name) + "' is not valid percent-encoded UTF-8");
                    return;
                }
                if (own && !seen.add(name)) {
                    invalid(
                            request,
                            response,
                            printable(name),
                            "'" + printable(name) + "' is given more than once; " + "give it once");
                    return;
                }
                if (own && (value == null || value.isEmpty())) {
                    invalid(
                            request,
                            response,
                            printable(name),
                            "'" + printable(name) + "' is empty; give a value or "
                                    + "leave the parameter out for its default");
                    return;
                }
            }
        }
        if (own && BodyReader.hasBody(request)) {
            String path =
                    request.getRequestURI().substring(request.getContextPath().length());
            boolean upload = path.equals(MODEL_UPLOAD);
            boolean catalogue = path.equals(CATALOGUE_UPLOAD);
            String problem = upload
                    ? uploadTypeProblem(request.getContentType())
                    : catalogue
                            ? catalogueTypeProblem(request.getContentType())
                            : contentTypeProblem(request.getContentType());
            if (problem != null) {
                ProblemBodies.write(
                        response,
                        415,
                        ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                        "Unsupported media type",
                        problem,
                        request.getRequestURI(),
                        Map.of(
                                "accepted",
                                upload
                                        ? MediaType.APPLICATION_OCTET_STREAM_VALUE
                                        : catalogue ? NDJSON + ", " + CSV : MediaType.APPLICATION_JSON_VALUE));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    static boolean ownEndpoint(String path) {
        for (String prefix : FRAMEWORK_PATHS) {
            if (path.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    /** The path of model uploads, whose body is a file ({@code application/octet-stream}), not JSON. */
    static final String MODEL_UPLOAD = "/models/imports";

    /** The path of bulk catalogue loads, whose body is NDJSON or CSV. */
    static final String CATALOGUE_UPLOAD = "/movies";

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    /** Null when a bulk catalogue file is declared NDJSON or CSV (UTF-8), else what is wrong with it. */
    static String catalogueTypeProblem(String header) {
        try {
            if (header != null) {
                MediaType type = MediaType.parseMediaType(header);
                boolean known = type.equalsTypeAndSubtype(MediaType.parseMediaType(NDJSON))
                        || type.equalsTypeAndSubtype(MediaType.parseMediaType(CSV));
                if (known && (type.getCharset() == null || type.getCharset().equals(StandardCharsets.UTF_8))) {
                    return null;
                }
            }
        } catch (InvalidMediaTypeException e) {
            // Described below.
        }
        return "send the catalogue file as 'Content-Type: " + NDJSON + "' or '" + CSV + "' in UTF-8"
                + (header == null ? "" : ", not " + printable(header));
    }

    /** Null when an upload's declared type is {@code application/octet-stream}, else what is wrong with it. */
    static String uploadTypeProblem(String header) {
        try {
            if (header != null
                    && MediaType.parseMediaType(header).equalsTypeAndSubtype(MediaType.APPLICATION_OCTET_STREAM)) {
                return null;
            }
        } catch (InvalidMediaTypeException e) {
            // Described below.
        }
        return "send the file as the body with 'Content-Type: application/octet-stream'"
                + (header == null ? "" : ", not " + printable(header));
    }

    /** Null when the body's declared type is JSON in UTF-8, else what is wrong with it. */
    static String contentTypeProblem(String header) {
        if (header == null || header.isBlank()) {
            return "a request body needs 'Content-Type: application/json'";
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            return "'Content-Type: " + printable(header) + "' is not a media type; send application/json";
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) {
            return "'Content-Type: " + printable(header) + "' is a wildcard; send application/json";
        }
        boolean json = type.getType().equals("application")
                && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
        if (!json) {
            return "bodies are JSON only ('Content-Type: application/json'), not " + printable(type.toString());
        }
        if (type.getCharset() != null && !type.getCharset().equals(StandardCharsets.UTF_8)) {
            return "JSON bodies are UTF-8; the charset "
                    + printable(type.getCharset().name()) + " is not accepted";
        }
        return null;
    }

    /**
     * Strict form decoding: {@code +} is a space, {@code %XY} needs two hex digits, and the bytes
     * must be valid UTF-8; null otherwise.
     */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0 || raw.charAt(i + 1) > 'f' || raw.charAt(i + 2) > 'f') {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** For echoing a client's text in a problem: printable ASCII only, at most 64 characters. */
    static String printable(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?").replace("\"", "'");
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }

    private static void invalid(
            HttpServletRequest request, HttpServletResponse response, String parameter, String detail)
            throws IOException {
        ProblemBodies.write(
                response,
                400,
                ProblemTypes.INVALID_PARAMETER,
                "Invalid parameter",
                detail,
                request.getRequestURI(),
                Map.of("parameter", parameter));
    }
}
