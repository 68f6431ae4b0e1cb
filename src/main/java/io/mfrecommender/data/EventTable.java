package io.mfrecommender.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Implicit events, one entry per (user, movie, type): how many there were and when the last was
 * (epoch seconds, as rating timestamps are). Immutable; built by {@link Builder}, which adds up
 * repeated entries. What a version's ranker trains on beside the ratings.
 */
public final class EventTable {

    /** A count saturates here (posted tallies too): past it one more event says nothing new, and sums cannot overflow. */
    public static final int MOST_COUNT = 1_000_000;

    public static final EventTable EMPTY = new Builder().build();

    private final long[] users;
    private final long[] movies;
    private final int[] types;
    private final String[] typeNames;
    private final int[] counts;
    private final long[] lastSeconds;

    private EventTable(long[] users, long[] movies, int[] types, String[] typeNames, int[] counts, long[] lastSeconds) {
        this.users = users;
        this.movies = movies;
        this.types = types;
        this.typeNames = typeNames;
        this.counts = counts;
        this.lastSeconds = lastSeconds;
    }

    public int size() {
        return users.length;
    }

    public boolean isEmpty() {
        return users.length == 0;
    }

    public long user(int entry) {
        return users[entry];
    }

    public long movie(int entry) {
        return movies[entry];
    }

    public String type(int entry) {
        return typeNames[types[entry]];
    }

    public int count(int entry) {
        return counts[entry];
    }

    public long lastSeconds(int entry) {
        return lastSeconds[entry];
    }

    /** Events in all: the counts added up. */
    public long events() {
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        return total;
    }

    /** The entries of the users {@code keep} accepts (erased users left out, say). */
    public EventTable filter(LongPredicate keep) {
        Builder kept = new Builder();
        for (int e = 0; e < size(); e++) {
            if (keep.test(users[e])) {
                kept.add(users[e], movies[e], type(e), counts[e], lastSeconds[e]);
            }
        }
        return kept.build();
    }

    /** The entries whose (user, movie) {@code keep} accepts. */
    public EventTable filterPairs(java.util.function.BiPredicate<Long, Long> keep) {
        Builder kept = new Builder();
        for (int e = 0; e < size(); e++) {
            if (keep.test(users[e], movies[e])) {
                kept.add(users[e], movies[e], type(e), counts[e], lastSeconds[e]);
            }
        }
        return kept.build();
    }

    /** Adds up entries by (user, movie, type): counts summed (saturating), the latest time kept. */
    public static final class Builder {

        private record Key(long user, long movie, int type) {}

        private final Map<String, Integer> typeIndex = new HashMap<>();
        private final List<String> typeNames = new ArrayList<>();
        private final Map<Key, Integer> entries = new HashMap<>();
        private long[] users = new long[16];
        private long[] movies = new long[16];
        private int[] types = new int[16];
        private int[] counts = new int[16];
        private long[] lastSeconds = new long[16];
        private int size;

        public Builder add(long user, long movie, String type, int count, long seconds) {
            if (count < 1) {
                throw new IllegalArgumentException("an entry counts at least one event, got " + count);
            }
            int t = typeIndex.computeIfAbsent(type, name -> {
                typeNames.add(name);
                return typeNames.size() - 1;
            });
            Key key = new Key(user, movie, t);
            Integer at = entries.get(key);
            if (at != null) {
                counts[at] = (int) Math.min(MOST_COUNT, (long) counts[at] + count);
                lastSeconds[at] = Math.max(lastSeconds[at], seconds);
                return this;
            }
            if (size == users.length) {
                int grown = size * 2;
                users = Arrays.copyOf(users, grown);
                movies = Arrays.copyOf(movies, grown);
                types = Arrays.copyOf(types, grown);
                counts = Arrays.copyOf(counts, grown);
                lastSeconds = Arrays.copyOf(lastSeconds, grown);
            }
            entries.put(key, size);
            users[size] = user;
            movies[size] = movie;
            types[size] = t;
            counts[size] = Math.min(MOST_COUNT, count);
            lastSeconds[size] = seconds;
            size++;
            return this;
        }

        public int size() {
            return size;
        }

        public EventTable build() {
            return new EventTable(
                    Arrays.copyOf(users, size),
                    Arrays.copyOf(movies, size),
                    Arrays.copyOf(types, size),
                    typeNames.toArray(String[]::new),
                    Arrays.copyOf(counts, size),
                    Arrays.copyOf(lastSeconds, size));
        }
    }
}
