package io.mfrecommender.ratings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mfrecommender.ratings.RatingLog.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    /** A batch whose commit line never made it (a crash mid-write) is dropped whole; what follows is kept. */
    @Test
    void aBatchWithoutItsCommitIsDroppedWhole() throws IOException {
        Path file = dir.resolve("ratings.log");
        RatingJournal journal = new RatingJournal(file);
        journal.append(List.of(Entry.rating(1, 10, 3, 100)));
        Files.writeString(file, "R 2 10 4.0 101\nR 2 20 5.0 102\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        RatingJournal reopened = new RatingJournal(file);
        RatingJournal.State state = reopened.replay();
        assertThat(state.ratings()).containsOnlyKeys(1L);
        assertThat(state.skippedLines()).isEqualTo(2);
        assertThat(reopened.append(List.of(Entry.rating(3, 10, 2, 103))))
                .as("the dropped batch takes no sequence numbers")
                .isEqualTo(2);
        assertThat(new RatingJournal(file).replay().ratings()).containsOnlyKeys(1L, 3L);
    }

    /** A commit that does not match its lines (a flipped byte) drops the batch rather than replaying a wrong rating. */
    @Test
    void aCommitThatDoesNotMatchItsLinesDropsTheBatch() throws IOException {
        Path file = dir.resolve("ratings.log");
        RatingJournal journal = new RatingJournal(file);
        journal.append(List.of(Entry.rating(1, 10, 3, 100), Entry.rating(1, 20, 4, 101)));
        journal.append(List.of(Entry.rating(2, 10, 5, 102)));
        String text = Files.readString(file);
        Files.writeString(file, text.replace("R 1 20 4.0 101", "R 1 20 5.0 101"));
        RatingJournal.State state = new RatingJournal(file).replay();
        assertThat(state.ratings()).containsOnlyKeys(2L);
        assertThat(state.skippedLines()).isEqualTo(3);
    }

    /** Journals written before batches were committed are read line by line, and appends go on in the new form. */
    @Test
    void aJournalOfSingleLinesFromEarlierVersionsStillReplays() throws IOException {
        Path file = dir.resolve("ratings.log");
        Files.writeString(file, "R 1 10 3.0 100\nR 1 20 4.0 101\nU 2 102\n");
        RatingJournal journal = new RatingJournal(file);
        List<Long> sequences = new ArrayList<>();
        journal.replay((entry, sequence, line) -> sequences.add(sequence));
        assertThat(sequences).containsExactly(1L, 2L, 3L);
        assertThat(journal.append(List.of(Entry.rating(3, 10, 5, 103)))).isEqualTo(4);
        RatingJournal.State state = new RatingJournal(file).replay();
        assertThat(state.ratings()).containsOnlyKeys(1L, 3L);
        assertThat(state.erasedUsers()).containsOnlyKeys(2L);
        assertThat(Files.readAllLines(file)).contains("V 2");
    }

    /** A byte that is not UTF-8 spoils its line only: skipped with its number, the rest replays. */
    @Test
    void aLineThatIsNotUtf8IsSkippedAndTheRestReplays() throws IOException {
        Path file = dir.resolve("ratings.log");
        Files.write(file, new byte[] {'R', ' ', '1', ' ', '1', '0', ' ', (byte) 0xff, '\n'});
        Files.writeString(file, "R 1 20 4.0 101\n", StandardOpenOption.APPEND);
        RatingJournal journal = new RatingJournal(file);
        List<Integer> lines = new ArrayList<>();
        int skipped = journal.replay((entry, sequence, line) -> lines.add(line));
        assertThat(skipped).isEqualTo(1);
        assertThat(lines).containsExactly(2);
    }

    /** A rewrite is all or nothing: an unfinished one (a crash before its rename) leaves the old journal and is removed. */
    @Test
    void aRewriteKeepsSequenceNumbersAndAnUnfinishedOneIsIgnored() throws IOException {
        Path file = dir.resolve("ratings.log");
        RatingJournal journal = new RatingJournal(file);
        journal.append(List.of(Entry.rating(1, 10, 3, 100), Entry.rating(2, 10, 4, 101)));
        journal.append(List.of(Entry.rating(1, 20, 5, 102)));
        String digest = journal.erasureDigest(2);
        journal.rewrite(List.of(
                new RatingLog.Batch(List.of(Entry.erased(digest, 103)), 2),
                new RatingLog.Batch(List.of(Entry.rating(1, 10, 3, 100), Entry.rating(1, 20, 5, 102)), 3)));
        assertThat(Files.readString(file)).doesNotContain("R 2 ");
        RatingJournal reopened = new RatingJournal(file);
        List<String> replayed = new ArrayList<>();
        reopened.replay((entry, sequence, line) -> replayed.add(entry.kind() + "@" + sequence));
        assertThat(replayed).containsExactly("ERASED@2", "RATING@2", "RATING@3");
        assertThat(reopened.erasureDigest(2)).as("the key survives the rewrite").isEqualTo(digest);
        assertThat(reopened.append(List.of(Entry.rating(4, 10, 1, 104)))).isEqualTo(4);

        Path unfinished = dir.resolve(".ratings.log.tmp");
        Path unfinishedBefore = dir.resolve(".ratings.log.rewrite");
        Files.writeString(unfinished, "V 2\nR 9 9 1.0 1\n");
        Files.writeString(unfinishedBefore, "V 2\nR 8 9 1.0 1\n");
        assertThat(new RatingJournal(file).replay().ratings()).containsOnlyKeys(1L, 4L);
        assertThat(unfinished).doesNotExist();
        assertThat(unfinishedBefore).doesNotExist();
    }

    @Test
    void aDirectoryInsteadOfAFileIsNamedAsSuch() throws IOException {
        Path file = Files.createDirectories(dir.resolve("journal-dir"));
        assertThatThrownBy(() -> new RatingJournal(file).replay())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("is a directory");
    }
}
