package io.mfrecommender.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mfrecommender.api.ModelVersioned;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What the document says of each member of a request or response record, from the record itself:
 * a component is {@code required} unless it is {@link Nullable}; a nullable one that is written as
 * {@code null} (its record does not leave nulls out, {@link JsonInclude.Include#NON_NULL}) has
 * {@code null} among its types. So a generated client knows which members are always there and
 * which may be null or absent, and the record is the one place that says it. It also notes which
 * schemas are bodies sent with {@link ModelVersioned#HEADER}, so the document declares that header
 * from the same type the response advice reads.
 */
final class RecordSchemas implements ModelConverter {

    /** The schema names of the records sent with {@link ModelVersioned#HEADER}, as they were resolved. */
    private final Set<String> modelVersioned = ConcurrentHashMap.newKeySet();

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        Class<?> raw = rawClass(type.getType());
        if (resolved == null || raw == null || !raw.isRecord()) {
            return resolved;
        }
        Schema<?> model = resolved.get$ref() == null
                ? resolved
                : context.getDefinedModels()
                        .get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1));
        if (model == null || model.getProperties() == null) {
            return resolved;
        }
        if (ModelVersioned.class.isAssignableFrom(raw) && model.getName() != null) {
            modelVersioned.add(model.getName());
        }
        boolean recordOmitsNulls = omitsNulls(raw.getAnnotation(JsonInclude.class));
        for (RecordComponent component : raw.getRecordComponents()) {
            String name = component.getName();
            Schema<?> property = model.getProperties().get(name);
            if (property == null) {
                continue;
            }
            if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                if (model.getRequired() == null || !model.getRequired().contains(name)) {
                    model.addRequiredItem(name);
                }
            } else if (!recordOmitsNulls && !omitsNulls(component.getAccessor().getAnnotation(JsonInclude.class))) {
                model.getProperties().put(name, nullable(property));
            }
        }
        return resolved;
    }

    /** Whether the schema named {@code name} is the body of a record that carries its model version. */
    boolean modelVersioned(String name) {
        return modelVersioned.contains(name);
    }

    /** {@code property} that may also be {@code null}: one more type, or a reference alongside {@code null}. */
    private static Schema<?> nullable(Schema<?> property) {
        if (property.get$ref() != null) {
            Schema<?> none = new Schema<>();
            none.addType("null");
            return new Schema<>()
                    .anyOf(List.of(new Schema<>().$ref(property.get$ref()), none))
                    .description(property.getDescription());
        }
        if (property.getTypes() == null || property.getTypes().isEmpty()) {
            if (property.getType() == null) {
                return property;
            }
            property.addType(property.getType());
        }
        property.addType("null");
        return property;
    }

    private static boolean omitsNulls(JsonInclude include) {
        return include != null && include.value() == JsonInclude.Include.NON_NULL;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> cls) {
            return cls;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> cls) {
            return cls;
        }
        if (type instanceof com.fasterxml.jackson.databind.JavaType javaType) {
            return javaType.getRawClass();
        }
        return null;
    }
}
