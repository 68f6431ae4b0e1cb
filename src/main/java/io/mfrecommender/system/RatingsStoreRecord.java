package io.mfrecommender.system;

import io.mfrecommender.data.DurableFiles;
import io.mfrecommender.ratings.RatingsProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Which store keeps the posted ratings of the versions in a models directory, recorded in it
 * ({@value #FILE}) by the instance that writes it, so that every instance sharing the directory
 * uses one store: an owner and replicas that disagree would train and serve from different
 * ratings (the owner on its own journal could not see what the replicas store in PostgreSQL).
 *
 * <p>{@code recommender.ratings.store: auto} (the compose file's default) follows the record, and
 * is {@code journal} where there is none yet. At startup ({@link #check}) an instance whose store
 * differs from the record refuses to start, saying which is recorded and how to switch on purpose;
 * the instance that writes the directory records its store when there is no record.
 */
public final class RatingsStoreRecord implements EnvironmentPostProcessor, Ordered {

    static final String FILE = "ratings-store";
    static final String KEY = "recommender.ratings.store";

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 2; // after DeprecatedKeys
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(KEY);
        if (configured == null || !configured.strip().equalsIgnoreCase("auto")) {
            return;
        }
        Path models = Path.of(environment.getProperty("recommender.models.directory", "models"));
        String store =
                recorded(models).map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("journal");
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("recommender.ratings.store: auto (" + FILE + ")", Map.of(KEY, store)));
    }

    /** The store recorded in {@code models}, if any (an unreadable or unknown record is none). */
    static Optional<RatingsProperties.Store> recorded(Path models) {
        try {
            String text = Files.readString(models.resolve(FILE), StandardCharsets.UTF_8)
                    .strip();
            return Optional.of(RatingsProperties.Store.valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // absent, unreadable or unknown: the instance that writes records its own
        }
    }

    /** The store this instance uses, checked against the models directory's record. */
    record Checked(RatingsProperties.Store store) {}

    /**
     * Refuses a store that differs from the one recorded in {@code models}; records {@code store}
     * there when nothing is recorded and this instance writes the directory.
     *
     * @throws RatingsStoreMismatchException when the record names another store
     */
    static Checked check(Path models, boolean writable, RatingsProperties.Store store) {
        Optional<RatingsProperties.Store> recorded = recorded(models);
        if (recorded.isPresent() && recorded.get() != store) {
            throw new RatingsStoreMismatchException(
                    models.resolve(FILE).getFileName().toString(), recorded.get(), store);
        }
        if (recorded.isEmpty() && writable) {
            try {
                Files.createDirectories(models);
                DurableFiles.replace(
                        models.resolve(FILE),
                        (store.name().toLowerCase(Locale.ROOT) + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "could not record the ratings store in the models directory: " + e.getMessage(), e);
            }
        }
        return new Checked(store);
    }

    /** Startup stopped: the models directory's versions were served with another ratings store. */
    static final class RatingsStoreMismatchException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RatingsStoreMismatchException(String file, RatingsProperties.Store recorded, RatingsProperties.Store store) {
            super("The models directory records that its posted ratings are kept in the "
                    + recorded.name().toLowerCase(Locale.ROOT) + " store (" + file + "), and this instance is set to "
                    + store.name().toLowerCase(Locale.ROOT) + " (recommender.ratings.store)");
        }
    }
}
