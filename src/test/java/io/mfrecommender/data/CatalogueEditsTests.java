package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    /** A shared log in a sorted map, two lines a page, as PostgreSQL's log hands over a page at a time. */
    private static final class ListLog implements SharedCatalogueLog {
        final java.util.TreeMap<Long, String> lines = new java.util.TreeMap<>();
        long next = 1;

        @Override
        public synchronized long append(String line) {
            lines.put(next, line);
            return next++;
        }

        @Override
        public synchronized List<Line> after(long position) {
            return lines.tailMap(position, false).entrySet().stream()
                    .limit(2)
                    .map(line -> new Line(line.getKey(), line.getValue()))
                    .toList();
        }

        @Override
        public synchronized long compact(List<String> compacted, long upTo) {
            if (lines.isEmpty() ? upTo != 0 : lines.lastKey() != upTo) {
                return 0;
            }
            compacted.forEach(this::append);
            lines.headMap(upTo, true).clear();
            return next - 1;
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    @Test
    void editsInASharedLogReachTheOtherInstanceWhenItCatchesUp() {
        ListLog log = new ListLog();
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

    /**
     * The same 600 movies loaded in bulk again and again (one line a load) and edited one by one: the
     * shared log is compacted to the entries, a replica that had read part of it before and reads on
     * ends with the same entries, and a compaction that finds another replica's line after what it
     * read changes nothing.
     */
    @Test
    void theSharedLogIsCompactedAsTheSameMoviesAreLoadedAgain() {
        ListLog log = new ListLog();
        CatalogueEdits a = new CatalogueEdits(log);
        CatalogueEdits behind = new CatalogueEdits(log);
        a.put(new Movie(1, "One", null, List.of()));
        assertThat(behind.entries()).containsOnlyKeys(1L); // it has read the first line, and no more
        for (int load = 0; load < 10; load++) {
            List<Movie> movies = new java.util.ArrayList<>();
            for (long id = 1; id <= 600; id++) {
                movies.add(new Movie(id, "Load " + load, null, List.of("Drama")));
            }
            a.putAll(movies);
        }
        long entriesInLog = log.lines.values().stream()
                .mapToLong(line -> line.split("\"id\"", -1).length - 1)
                .sum();
        assertThat(entriesInLog).as("entries in the log after ten loads of 600").isLessThanOrEqualTo(2 * 600);
        assertThat(log.lines.firstKey()).as("the first lines were replaced").isGreaterThan(1L);
        behind.catchUp();
        assertThat(behind.entries()).isEqualTo(a.entries());
        assertThat(new CatalogueEdits(log).entries()).isEqualTo(a.entries());
        assertThat(a.entries().get(600L).title()).isEqualTo("Load 9");

        // Another replica's line after what A read: A's compaction waits until A has read it.
        int before = log.lines.size();
        behind.put(new Movie(601, "From the other", null, List.of()));
        for (int edit = 0; edit < 3; edit++) {
            a.putAll(List.of(new Movie(2, "Again " + edit, null, List.of())));
        }
        assertThat(log.lines).hasSize(before + 4);
        Map<Long, Movie> replayed = new CatalogueEdits(log).entries();
        assertThat(replayed).containsKey(601L).hasSize(601);
        assertThat(replayed.get(2L).title()).isEqualTo("Again 2");
        long newest = log.lines.lastKey();
        a.catchUp(); // now A has read the other's line: the next compaction can take it in
        for (int load = 0; load < 2; load++) {
            List<Movie> movies = new java.util.ArrayList<>();
            for (long id = 1; id <= 600; id++) {
                movies.add(new Movie(id, "Reload " + load, null, List.of("Drama")));
            }
            a.putAll(movies);
        }
        assertThat(log.lines.firstKey()).as("compacted again").isGreaterThan(newest);
        assertThat(new CatalogueEdits(log).entries()).isEqualTo(a.entries()).containsKey(601L);
    }

    /** Ten bulk loads of the same 600 movies (one line each): the file is compacted by the entries its lines hold. */
    @Test
    void theFileIsCompactedAsTheSameMoviesAreLoadedAgain() throws IOException {
        Path file = dir.resolve("catalogue-edits.jsonl");
        CatalogueEdits edits = new CatalogueEdits(file);
        for (int load = 0; load < 10; load++) {
            List<Movie> movies = new java.util.ArrayList<>();
            for (long id = 1; id <= 600; id++) {
                movies.add(new Movie(id, "Load " + load, null, List.of("Drama")));
            }
            edits.putAll(movies);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text.split("\"id\"", -1).length - 1)
                .as("entries in the file")
                .isLessThanOrEqualTo(2 * 600);
        assertThat(new CatalogueEdits(file).entries()).isEqualTo(edits.entries());
        assertThat(edits.entries().get(1L).title()).isEqualTo("Load 9");
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
