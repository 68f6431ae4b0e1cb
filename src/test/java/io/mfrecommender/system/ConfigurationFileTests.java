package io.mfrecommender.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * {@code config/application.yml} is documentation an operator edits: every key of the
 * {@code recommender.*} tree is in it, and every value set in it is the code's own default, so
 * the file never changes behaviour by accident and the code stays the one source of the defaults.
 */
class ConfigurationFileTests {

    private static final Path FILE = Path.of("config", "application.yml");

    @Test
    void everyValueTheFileSetsIsTheCodesDefault() throws IOException {
        List<PropertySource<?>> file = new YamlPropertySourceLoader().load("config", new FileSystemResource(FILE));
        RecommenderProperties fromFile = new Binder(ConfigurationPropertySources.from(file))
                .bindOrCreate("recommender", RecommenderProperties.class);
        RecommenderProperties defaults = new Binder().bindOrCreate("recommender", RecommenderProperties.class);
        assertThat(fromFile).isEqualTo(defaults);
    }

    @Test
    void everyKeyIsDocumentedSetOrCommented() throws IOException {
        String text = Files.readString(FILE);
        List<String> missing = new ArrayList<>();
        for (String key : leaves(RecommenderProperties.class, "")) {
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            if (!text.matches("(?s).*\\n\\s*(# )?" + leaf + ":.*")) {
                missing.add("recommender." + key);
            }
        }
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
