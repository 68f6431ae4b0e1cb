package io.mfrecommender.ratings;

import io.mfrecommender.ratings.RatingLog.Entry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;

/**
 * A process that appends {@link #entry numbered entries} to a journal one batch at a time, printing
 * {@code ACK n} once entry n is acknowledged, while another thread compacts the journal over and
 * over; {@link JournalCompactionCrashIT} kills it at random moments.
 */
public final class CompactingWriter {

    private CompactingWriter() {}

    /** Entry {@code i}: 500 users rating 40 movies over and over, so compaction has much to fold. */
    static Entry entry(int i) {
        return i % 97 == 96
                ? Entry.deleteRating(i % 500, (i / 500) % 40, i)
                : Entry.rating(i % 500, (i / 500) % 40, 1 + i % 5, i);
    }

    public static void main(String[] args) throws Exception {
        PostedRatingsStore store = new PostedRatingsStore(
                new RatingJournal(Path.of(args[0])), Timer.builder("fold-in").register(new SimpleMeterRegistry()));
        store.open(null);
        int first = (int) store.sequence();
        Thread compactor = new Thread(() -> {
            while (true) {
                store.compact();
            }
        });
        compactor.setDaemon(true);
        compactor.start();
        for (int i = first; ; i++) {
            store.append(List.of(entry(i)));
            System.out.println("ACK " + i);
            System.out.flush();
        }
    }
}
