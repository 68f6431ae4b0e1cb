package io.mfrecommender.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.mfrecommender.data.Database;
import io.mfrecommender.data.SharedCatalogueLog;
import io.mfrecommender.ratings.RealPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared catalogue log's compaction in a real PostgreSQL: the lines up to what the compacting
 * replica read are replaced in one transaction, readers at any position read on to the same edits,
 * and a line appended after what it read makes it change nothing.
 */
class PostgresCatalogueLogIT {

    @TempDir
    static Path serverDirectory;

    private static RealPostgres postgres;
    private static HikariDataSource pool;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = new RealPostgres(serverDirectory.resolve("pg"));
        pool = RealPostgres.pool(postgres.newDatabase());
    }

    @AfterAll
    static void stopServer() throws Exception {
        pool.close();
        postgres.close();
    }

    @Test
    void compactionReplacesWhatWasReadAndNothingWhenAnotherLineCameAfter() {
        PostgresCatalogueLog one = new PostgresCatalogueLog(new Database(pool));
        PostgresCatalogueLog two = new PostgresCatalogueLog(new Database(pool));
        long first = one.append("{\"id\":1,\"title\":\"a\",\"genres\":[]}");
        long second = two.append("{\"id\":1,\"title\":\"b\",\"genres\":[]}");
        long third = one.append("{\"id\":2,\"title\":\"c\",\"genres\":[]}");

        assertThat(one.compact(List.of("{\"entries\":[]}"), second))
                .as("a line came after what it read")
                .isZero();
        assertThat(two.after(0)).hasSize(3);

        long compacted = one.compact(
                List.of(
                        "{\"entries\":[{\"id\":1,\"title\":\"b\",\"genres\":[]}]}",
                        "{\"entries\":[{\"id\":2,\"title\":\"c\",\"genres\":[]}]}"),
                third);
        assertThat(compacted).isGreaterThan(third);
        List<SharedCatalogueLog.Line> all = two.after(0);
        assertThat(all).extracting(SharedCatalogueLog.Line::position).containsExactly(compacted - 1, compacted);
        assertThat(two.after(first))
                .as("a reader that had read the first line reads on to the compacted lines")
                .isEqualTo(all);
        assertThat(two.append("{\"id\":3,\"title\":\"d\",\"genres\":[]}")).isGreaterThan(compacted);
    }
}
