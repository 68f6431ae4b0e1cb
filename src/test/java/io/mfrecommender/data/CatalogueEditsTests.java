package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
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

    /** Retired and windowed entries replay as written; a movie known from ratings alone may be retired without a title. */
    @Test
    void availabilityIsReplayed() {
        Path file = dir.resolve("catalogue-edits.jsonl");
        CatalogueEdits edits = new CatalogueEdits(file);
        Availability window =
                new Availability(false, Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2027-02-01T12:30:00Z"));
        edits.put(new Movie(7, "Windowed", 2020, List.of("Drama"), window));
        edits.put(new Movie(8, null, null, List.of(), Availability.RETIRED));
        edits.put(new Movie(
                9, "Opens", null, List.of(), new Availability(false, Instant.parse("2030-05-05T05:05:05Z"), null)));
        CatalogueEdits replayed = new CatalogueEdits(file);
        assertThat(replayed.entries().get(7L).availability()).isEqualTo(window);
        assertThat(replayed.entries().get(8L)).isEqualTo(new Movie(8, null, null, List.of(), Availability.RETIRED));
        assertThat(replayed.entries().get(9L).availability().until()).isNull();
        MovieCatalog catalog = replayed.applyTo(MovieCatalog.of(List.of(new Movie(1, "Loaded", 1999, List.of()))));
        assertThat(catalog.restricted()).extracting(Movie::id).containsExactly(7L, 8L, 9L);
        assertThat(window.availableAt(Instant.parse("2026-12-31T23:59:59Z"))).isFalse();
        assertThat(window.availableAt(Instant.parse("2027-01-01T00:00:00Z"))).isTrue();
        assertThat(window.availableAt(Instant.parse("2027-02-01T12:30:00Z"))).isFalse();
        assertThat(Availability.RETIRED.availableAt(Instant.EPOCH)).isFalse();
        assertThat(Availability.ALWAYS.restricted()).isFalse();
    }

    /**
     * A log two instances share (a list here, handed over two lines a page; PostgreSQL in the
     * service, ReplicasIT): each catches up on the other's edits, and a new one reads all pages.
     */
    @Test
    void editsInASharedLogReachTheOtherInstanceWhenItCatchesUp() {
        List<SharedCatalogueLog.Line> lines = new java.util.ArrayList<>();
        SharedCatalogueLog log = new SharedCatalogueLog() {
            @Override
            public synchronized long append(String line) {
                lines.add(new Line(lines.size() + 1, line));
                return lines.size();
            }

            /** Two lines a page, as PostgreSQL's log hands over a page at a time. */
            @Override
            public synchronized List<Line> after(long position) {
                return List.copyOf(lines.subList((int) position, Math.min(lines.size(), (int) position + 2)));
            }

            @Override
            public String describe() {
                return "a list";
            }
        };
        CatalogueEdits a = new CatalogueEdits(log);
        CatalogueEdits b = new CatalogueEdits(log);
        a.put(new Movie(7, "First", 2020, List.of("Drama")));
        assertThat(b.entries()).containsKey(7L);
        a.put(new Movie(7, "First", 2020, List.of("Drama"), Availability.RETIRED));
        a.putAll(List.of(new Movie(8, "Eight", null, List.of()), new Movie(9, "Nine", null, List.of())));
        assertThat(b.entries().get(7L).availability().retired()).isFalse();
        assertThat(b.catchUp()).containsExactly(7L, 8L, 9L);
        assertThat(b.entries().get(7L).availability().retired()).isTrue();
        assertThat(b.catchUp()).isEmpty();
        assertThat(b.shared()).isTrue();
        // Its own edits come back to it as lines already applied: nothing changes.
        b.put(new Movie(10, "Ten", null, List.of()));
        assertThat(b.catchUp()).isEmpty();
        assertThat(a.catchUp()).containsExactly(10L);
        assertThat(a.entries()).containsOnlyKeys(7L, 8L, 9L, 10L);
        // A replica started later reads every page of the log, not the first.
        assertThat(new CatalogueEdits(log).entries()).isEqualTo(a.entries());
    }

    /** 10,000 edits of 500 movies: the file stays near one line per movie, and the last edit of each is what replays. */
    @Test
    void theFileIsCompactedAsTheSameMoviesAreEditedAgain() throws IOException {
        Path file = dir.resolve("catalogue-edits.jsonl");
        CatalogueEdits edits = new CatalogueEdits(file);
        for (int edit = 0; edit < 10_000; edit++) {
            long id = 1 + edit % 500;
            edits.put(new Movie(id, "Title " + edit, 2000 + edit % 20, List.of("Drama")));
            assertThat(edits.lines()).isLessThanOrEqualTo(CatalogueEdits.COMPACT_FROM);
        }
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8).size()).isLessThanOrEqualTo(1000);
        CatalogueEdits replayed = new CatalogueEdits(file);
        assertThat(replayed.entries()).hasSize(500);
        assertThat(replayed.entries().get(1L).title()).isEqualTo("Title 9500");
        assertThat(replayed.entries().get(500L).title()).isEqualTo("Title 9999");
        assertThat(dir.resolve(".catalogue-edits.jsonl.tmp")).doesNotExist();
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
