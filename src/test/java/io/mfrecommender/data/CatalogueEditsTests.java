package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue edits file: the last entry of an id wins, and a torn last line costs only itself. */
class CatalogueEditsTests {

    @TempDir
    Path dir;

    @Test
    void entriesAreReplayedTheLastOfAnIdWinning() {
        Path file = dir.resolve("catalogue-edits.jsonl");
        CatalogueEdits edits = new CatalogueEdits(file);
        edits.put(new Movie(7, "First", 2020, List.of("Drama")));
        edits.put(new Movie(8, "Other", null, List.of()));
        edits.put(new Movie(7, "Second", 2021, List.of("Comedy", "Drama")));
        assertThat(new CatalogueEdits(file).entries())
                .containsEntry(7L, new Movie(7, "Second", 2021, List.of("Comedy", "Drama")))
                .containsEntry(8L, new Movie(8, "Other", null, List.of()))
                .hasSize(2);
        MovieCatalog catalog = new CatalogueEdits(file)
                .applyTo(MovieCatalog.of(List.of(new Movie(1, "Loaded", 1999, List.of("Drama")))));
        assertThat(catalog.size()).isEqualTo(3);
        assertThat(catalog.find(7).orElseThrow().title()).isEqualTo("Second");
    }

    /** A crash mid-write leaves a torn line: the next entry starts on a line of its own, and replay skips the torn one. */
    @Test
    void anEntryAfterATornLineIsKeptAndTheTornOneSkipped() throws IOException {
        Path file = dir.resolve("catalogue-edits.jsonl");
        new CatalogueEdits(file).put(new Movie(7, "Kept", 2020, List.of("Drama")));
        Files.writeString(file, "{\"id\":8,\"title\":\"Torn", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        new CatalogueEdits(file).put(new Movie(9, "After", 2022, List.of("Comedy")));
        assertThat(new CatalogueEdits(file).entries()).containsOnlyKeys(7L, 9L);
    }
}
