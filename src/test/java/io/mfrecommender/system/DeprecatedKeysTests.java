package io.mfrecommender.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.prediction.PredictionProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A moved setting works under its old name, in any spelling, with the precedence of the source it is in. */
class DeprecatedKeysTests {

    private static StandardEnvironment environment() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        return environment;
    }

    private static void process(StandardEnvironment environment) {
        new DeprecatedKeys(new DeferredLogs()).postProcessEnvironment(environment, new SpringApplication());
    }

    @Test
    void oldKeysInAFileAndInTheEnvironmentReachTheNewOnes() {
        StandardEnvironment environment = environment();
        environment
                .getPropertySources()
                .addLast(new SystemEnvironmentPropertySource(
                        "systemEnvironment", Map.of("RECOMMENDER_JOBS_HOLDOUT", "0.2")));
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "file",
                        Map.of(
                                "recommender.serving.max-body-bytes", "4096",
                                "recommender.serving.maxBatch", "7",
                                "recommender.serving.retry-after-seconds", "9")));
        process(environment);

        Binder binder = Binder.get(environment);
        HttpProperties http = binder.bindOrCreate("recommender.http", HttpProperties.class);
        assertThat(http.maxBodyBytes()).isEqualTo(4096);
        assertThat(http.retryAfterSeconds()).isEqualTo(9);
        assertThat(http.bodyTimeout().toSeconds()).isEqualTo(10); // untouched: its default
        assertThat(binder.bindOrCreate("recommender.prediction", PredictionProperties.class)
                        .maxBatch())
                .isEqualTo(7);
        assertThat(binder.bindOrCreate("recommender.models", ModelProperties.class)
                        .holdout())
                .isEqualTo(0.2);
    }

    /** Where both names are set, the new one wins, whichever source holds which. */
    @Test
    void theNewNameWinsWhereBothAreSet() {
        StandardEnvironment environment = environment();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "arguments",
                        Map.of("recommender.http.max-body-bytes", "8192", "recommender.serving.body-timeout", "3s")));
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "file",
                        Map.of("recommender.serving.max-body-bytes", "4096", "recommender.http.body-timeout", "20s")));
        process(environment);

        HttpProperties http = Binder.get(environment).bindOrCreate("recommender.http", HttpProperties.class);
        assertThat(http.maxBodyBytes()).isEqualTo(8192);
        assertThat(http.bodyTimeout().toSeconds()).isEqualTo(20);
    }

    /** A source added after startup's processing (as a test's properties are) is read too: the lookup is lazy. */
    @Test
    void aSourceAddedLaterIsReadToo() {
        StandardEnvironment environment = environment();
        process(environment);
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("later", Map.of("recommender.serving.max-batch", "11")));
        assertThat(Binder.get(environment)
                        .bindOrCreate("recommender.prediction", PredictionProperties.class)
                        .maxBatch())
                .isEqualTo(11);
    }
}
