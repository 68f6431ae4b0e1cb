package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.mfrecommender.data.RatingJournal.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingJournalTests {

    @TempDir
    Path dir;

    @Test
    void theLatestRatingWinsAndDeletionsAreHonoured() {
        RatingJournal journal = new RatingJournal(dir.resolve("journal").resolve("ratings.log"));
        journal.append(List.of(Entry.rating(1, 10, 3, 100), Entry.rating(1, 20, 4, 101), Entry.rating(2, 10, 5, 102)));
        journal.append(List.of(Entry.rating(1, 10, 4.5f, 103), Entry.deleteRating(1, 20, 104)));
        journal.append(List.of(Entry.rating(3, 30, 2, 105), Entry.deleteUser(3, 106)));
        RatingJournal.State state = new RatingJournal(journal.file()).replay();
        assertThat(state.ratings().get(1L).get(10L).rating()).isEqualTo(4.5f);
        assertThat(state.ratings().get(1L).get(20L).kind()).isEqualTo(Entry.Kind.DELETE_RATING);
        assertThat(state.ratings().get(2L).get(10L).rating()).isEqualTo(5f);
        assertThat(state.ratings()).doesNotContainKey(3L);
        assertThat(state.erasedUsers()).containsEntry(3L, 106L);
        assertThat(state.skippedLines()).isZero();
    }

    /** A crash mid-write leaves a line without its end: replay skips it, and the next batch starts a new line. */
    @Test
    void aTornLastLineIsSkippedAndAppendsGoOnAfterIt() throws IOException {
        Path file = dir.resolve("ratings.log");
        RatingJournal journal = new RatingJournal(file);
        journal.append(List.of(Entry.rating(1, 10, 3, 100)));
        Files.writeString(file, "R 1 20 4.", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(journal.replay().skippedLines()).isEqualTo(1);
        journal.append(List.of(Entry.rating(1, 30, 5, 101)));
        RatingJournal.State state = journal.replay();
        assertThat(state.skippedLines()).isEqualTo(1);
        assertThat(state.ratings().get(1L)).containsOnlyKeys(10L, 30L);
    }

    @Test
    void concurrentBatchesNeverInterleaveOrGetLost() throws InterruptedException {
        RatingJournal journal = new RatingJournal(dir.resolve("ratings.log"));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long user = t;
            Thread thread = new Thread(() -> {
                for (int movie = 0; movie < 50; movie++) {
                    journal.append(List.of(
                            Entry.rating(user, movie, 1 + movie % 5, movie),
                            Entry.rating(user, 1000 + movie, 3, movie)));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        RatingJournal.State state = journal.replay();
        assertThat(state.skippedLines()).isZero();
        for (long user = 0; user < 4; user++) {
            assertThat(state.ratings().get(user)).hasSize(100);
        }
    }

    @Test
    void anAbsentJournalIsEmpty() {
        assertThat(new RatingJournal(dir.resolve("none.log")).replay())
                .isEqualTo(new RatingJournal.State(Map.of(), Map.of(), 0));
    }
}
