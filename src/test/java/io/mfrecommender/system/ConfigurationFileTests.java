package io.mfrecommender.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * {@code config/application.yml} is documentation an operator edits: every key of the
 * {@code recommender.*} tree is in it, and every value set in it is the code's own default, so
 * the file never changes behaviour by accident and the code stays the one source of the defaults.
 */
class ConfigurationFileTests {

    private static final Path FILE = Path.of("config", "application.yml");

    /** Every feature's settings record, by its prefix: found on the classpath, so a new one is covered. */
    static Map<String, Class<?>> settings() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, Class<?>> records = new TreeMap<>();
        for (BeanDefinition found : scanner.findCandidateComponents("io.mfrecommender")) {
            Class<?> type = ClassUtils.resolveClassName(found.getBeanClassName(), null);
            records.put(type.getAnnotation(ConfigurationProperties.class).value(), type);
        }
        return records;
    }

    @Test
    void everyFeatureBindsItsOwnPrefix() {
        assertThat(settings())
                .containsKeys(
                        "recommender.data",
                        "recommender.models",
                        "recommender.training",
                        "recommender.serving",
                        "recommender.prediction",
                        "recommender.http",
                        "recommender.jobs",
                        "recommender.ratings",
                        "recommender.security",
                        "recommender.experiments");
    }

    @Test
    void everyValueTheFileSetsIsTheCodesDefault() throws IOException {
        List<PropertySource<?>> file = new YamlPropertySourceLoader().load("config", new FileSystemResource(FILE));
        settings().forEach((prefix, type) -> {
            Object fromFile = new Binder(ConfigurationPropertySources.from(file)).bindOrCreate(prefix, type);
            Object defaults = new Binder().bindOrCreate(prefix, type);
            assertThat(fromFile).as(prefix).isEqualTo(defaults);
        });
    }

    @Test
    void everyKeyIsDocumentedSetOrCommented() throws IOException {
        String text = Files.readString(FILE);
        List<String> missing = new ArrayList<>();
        settings().forEach((prefix, type) -> {
            for (String key : leaves(type, "")) {
                String leaf = key.substring(key.lastIndexOf('.') + 1);
                if (!text.matches("(?s).*\\n\\s*(# )?" + leaf + ":.*")) {
                    missing.add(prefix + "." + key);
                }
            }
        });
        assertThat(missing).as("keys without a line in " + FILE).isEmpty();
    }

    /** The kebab-case keys of every leaf of a properties record tree. */
    private static List<String> leaves(Class<?> type, String prefix) {
        List<String> keys = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            String key = prefix + kebab(component.getName());
            if (component.getType().isRecord()) {
                keys.addAll(leaves(component.getType(), key + "."));
            } else {
                keys.add(key);
            }
        }
        return keys;
    }

    private static String kebab(String name) {
        return name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }
}
