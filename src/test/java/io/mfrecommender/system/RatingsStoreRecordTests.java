package io.mfrecommender.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mfrecommender.ratings.RatingsProperties.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** One ratings store per models directory: recorded by the writer, followed by auto, refused when another. */
class RatingsStoreRecordTests {

    @TempDir
    Path models;

    @Test
    void theWriterRecordsItsStoreAndAnotherStoreIsRefused() throws IOException {
        assertThat(RatingsStoreRecord.check(models, true, Store.POSTGRES).store())
                .isEqualTo(Store.POSTGRES);
        assertThat(Files.readString(models.resolve("ratings-store")).strip()).isEqualTo("postgres");
        assertThat(RatingsStoreRecord.check(models, true, Store.POSTGRES).store())
                .isEqualTo(Store.POSTGRES);
        assertThatThrownBy(() -> RatingsStoreRecord.check(models, true, Store.JOURNAL))
                .isInstanceOf(RatingsStoreRecord.RatingsStoreMismatchException.class)
                .hasMessageContaining("kept in the postgres store")
                .hasMessageContaining("set to journal")
                .hasMessageNotContaining(models.toString());
        assertThatThrownBy(() -> RatingsStoreRecord.check(models, false, Store.JOURNAL))
                .isInstanceOf(RatingsStoreRecord.RatingsStoreMismatchException.class);
    }

    @Test
    void aReadOnlyReplicaRecordsNothing() {
        assertThat(RatingsStoreRecord.check(models, false, Store.POSTGRES).store())
                .isEqualTo(Store.POSTGRES);
        assertThat(models.resolve("ratings-store")).doesNotExist();
    }

    @Test
    void autoFollowsTheRecordAndIsTheJournalWithoutOne() throws IOException {
        assertThat(resolve("auto")).isEqualTo("journal");
        Files.writeString(models.resolve("ratings-store"), "postgres\n");
        assertThat(resolve("auto")).isEqualTo("postgres");
        assertThat(resolve(" AUTO ")).isEqualTo("postgres");
        assertThat(resolve("journal")).isEqualTo("journal"); // set explicitly: left to the startup check
        Files.writeString(models.resolve("ratings-store"), "something else\n");
        assertThat(resolve("auto")).isEqualTo("journal");
    }

    private String resolve(String configured) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "test",
                        Map.of(
                                "recommender.ratings.store",
                                configured,
                                "recommender.models.directory",
                                models.toString())));
        new RatingsStoreRecord().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("recommender.ratings.store");
    }
}
