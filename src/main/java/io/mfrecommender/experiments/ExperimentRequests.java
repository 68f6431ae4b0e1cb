package io.mfrecommender.experiments;

import io.mfrecommender.api.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The bodies of the experiment endpoints, read strictly: an unknown field, a missing one or a value
 * of the wrong type is a 400 naming it ({@code variants[1].share}); what the values mean is checked
 * by {@link ExperimentService}.
 */
final class ExperimentRequests {

    private ExperimentRequests() {}

    /**
     * {@code {"name": "...", "variants": [{"name": "A", "version": "...", "share": 70}, ...]}}.
     *
     * @param variants the versions compared, each with its percentage of users
     */
    record NewExperiment(String name, List<Experiment.Variant> variants) {

        static NewExperiment from(JsonNode body) {
            requireObject(body, "body", "{\"name\": ..., \"variants\": [...]}");
            onlyFields(body, "body", Set.of("name", "variants"));
            JsonNode variants = body.get("variants");
            if (variants == null || !variants.isArray()) {
                throw new InvalidParameterException(
                        "variants",
                        "'variants' is required: an array of {\"name\": ..., \"version\": ..., \"share\": ...}");
            }
            List<Experiment.Variant> parsed = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                String at = "variants[" + i + "]";
                JsonNode variant = variants.get(i);
                requireObject(variant, at, "{\"name\": ..., \"version\": ..., \"share\": ...}");
                onlyFields(variant, at, Set.of("name", "version", "share"));
                JsonNode share = variant.get("share");
                if (share == null || !share.isNumber()) {
                    throw new InvalidParameterException(
                            at + ".share", "'" + at + ".share' is required: the percentage of users, a number");
                }
                parsed.add(new Experiment.Variant(
                        text(variant, "name", at + ".name"),
                        text(variant, "version", at + ".version"),
                        share.doubleValue()));
            }
            return new NewExperiment(text(body, "name", "name"), parsed);
        }
    }

    /** {@code {"promote": "B"}}: the variant whose version every user is served from then on. */
    static String promoted(JsonNode body) {
        requireObject(body, "body", "{\"promote\": \"<variant>\"}");
        onlyFields(body, "body", Set.of("promote"));
        return text(body, "promote", "promote");
    }

    private static void requireObject(JsonNode node, String name, String shape) {
        if (node == null || !node.isObject()) {
            throw new InvalidParameterException(name, name + " must be an object " + shape);
        }
    }

    private static void onlyFields(JsonNode node, String name, Set<String> fields) {
        for (String key : node.propertyNames()) {
            if (!fields.contains(key)) {
                throw new InvalidParameterException(
                        name.equals("body") ? key : name + "." + key,
                        "unknown field '" + key + "' in " + name + "; the fields are "
                                + String.join(", ", fields.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode node, String field, String name) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            throw new InvalidParameterException(name, "'" + name + "' is required: a string");
        }
        return value.stringValue().strip();
    }
}
