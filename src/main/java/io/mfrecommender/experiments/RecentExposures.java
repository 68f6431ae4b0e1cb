package io.mfrecommender.experiments;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which movies were recently recommended to whom in the running experiment, to match later ratings
 * against: the memory behind hit counting, bounded three ways so that no client can grow it without
 * limit. Per user at most {@code perUser} movies (the oldest showing goes first); at most
 * {@code maxUsers} users and {@code maxMovies} movies over all users, the user served longest ago
 * forgotten first (least recently used). A forgotten showing can no longer become a hit; the
 * evictions are counted ({@code recommender.experiment.remembered.evicted}) so that an operator can
 * see when the bounds cut into the figures. Users the served version does not know are never
 * remembered (the caller's rule: they are shown the popular list).
 *
 * <p>Memory: 16 bytes per remembered movie (two primitive arrays) and about 150 bytes per user, so
 * the defaults (100,000 users, 2,000,000 movies) hold at most about 47 MB.
 */
final class RecentExposures {

    private static final long MAGIC = 0x6d66_5348_4f57_4e31L; // "mfSHOWN1"

    /** A showing that a rating matched. */
    record Shown(String experiment, String variant, long at) {}

    private final int perUser;
    private final int maxUsers;
    private final long maxMovies;
    /** Least recently served first. Guarded by {@code this}. */
    private final LinkedHashMap<Long, UserShown> users = new LinkedHashMap<>(16, 0.75f, true);

    private long movies;
    private final Counter evicted;

    RecentExposures(int perUser, int maxUsers, long maxMovies, MeterRegistry meters) {
        this.perUser = perUser;
        this.maxUsers = maxUsers;
        this.maxMovies = maxMovies;
        Gauge.builder("recommender.experiment.remembered.users", this, RecentExposures::users)
                .description("Users whose recently recommended movies are remembered to count hits")
                .register(meters);
        Gauge.builder("recommender.experiment.remembered.movies", this, RecentExposures::movies)
                .description("Recommended movies remembered to count hits, over all users")
                .register(meters);
        this.evicted = Counter.builder("recommender.experiment.remembered.evicted")
                .description("Users forgotten to keep the remembered movies within their bounds")
                .register(meters);
    }

    synchronized int users() {
        return users.size();
    }

    synchronized long movies() {
        return movies;
    }

    /** Remembers that {@code shown} were recommended to {@code user} at {@code at}. */
    synchronized void remember(long user, String experiment, String variant, long[] shown, long at) {
        UserShown entry = users.get(user);
        if (entry == null || !entry.experiment.equals(experiment) || !entry.variant.equals(variant)) {
            if (entry != null) {
                movies -= entry.size;
            }
            entry = new UserShown(experiment, variant);
            users.put(user, entry);
        }
        movies += entry.add(shown, at, perUser);
        Iterator<Map.Entry<Long, UserShown>> oldest = users.entrySet().iterator();
        while ((users.size() > maxUsers || movies > maxMovies) && oldest.hasNext()) {
            Map.Entry<Long, UserShown> next = oldest.next();
            if (next.getValue() == entry) {
                break; // the user just served is kept, whatever the bounds
            }
            movies -= next.getValue().size;
            oldest.remove();
            evicted.increment();
        }
    }

    /** The showing of {@code movie} to {@code user} at or after {@code since}, removed so it counts once; null when none. */
    synchronized Shown take(long user, long movie, long since) {
        UserShown entry = users.get(user);
        if (entry == null) {
            return null;
        }
        long at = entry.remove(movie);
        if (at == Long.MIN_VALUE) {
            return null;
        }
        movies--;
        return at < since ? null : new Shown(entry.experiment, entry.variant, at);
    }

    /** Forgets {@code user} (an erasure). */
    synchronized void forget(long user) {
        UserShown entry = users.remove(user);
        if (entry != null) {
            movies -= entry.size;
        }
    }

    synchronized void clear() {
        users.clear();
        movies = 0;
    }

    synchronized boolean remembers(long user) {
        return users.containsKey(user);
    }

    /**
     * Writes what is remembered, the user served longest ago first, for {@link #readFrom}: a copy
     * is taken under the lock and written after it, so that serving never waits for the disk.
     */
    void writeTo(DataOutputStream out) throws IOException {
        List<Map.Entry<Long, UserShown>> copy = new ArrayList<>();
        synchronized (this) {
            users.forEach((user, shown) -> copy.add(Map.entry(user, shown.copy())));
        }
        out.writeLong(MAGIC);
        out.writeInt(copy.size());
        for (Map.Entry<Long, UserShown> entry : copy) {
            UserShown shown = entry.getValue();
            out.writeLong(entry.getKey());
            out.writeUTF(shown.experiment);
            out.writeUTF(shown.variant);
            out.writeInt(shown.size);
            for (int i = 0; i < shown.size; i++) {
                out.writeLong(shown.movies[i]);
                out.writeLong(shown.at[i]);
            }
        }
    }

    /**
     * Remembers what {@link #writeTo} wrote, within this memory's bounds (which may be smaller than
     * the writer's).
     *
     * @throws IOException when it is not such a file (nothing is remembered from it then)
     */
    void readFrom(DataInputStream in) throws IOException {
        if (in.readLong() != MAGIC) {
            throw new IOException("not a file of recently shown movies");
        }
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("a negative number of users");
        }
        List<Map.Entry<Long, UserShown>> read = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            long user = in.readLong();
            String experiment = in.readUTF();
            UserShown shown = new UserShown(experiment, in.readUTF());
            int size = in.readInt();
            if (size < 0 || size > ExperimentProperties.MOST_REMEMBERED) {
                throw new IOException("an impossible number of movies for one user: " + size);
            }
            shown.movies = new long[size];
            shown.at = new long[size];
            for (int i = 0; i < size; i++) {
                shown.movies[i] = in.readLong();
                shown.at[i] = in.readLong();
            }
            shown.size = size;
            read.add(Map.entry(user, shown));
        }
        for (Map.Entry<Long, UserShown> entry : read) {
            UserShown shown = entry.getValue();
            for (int i = 0; i < shown.size; i++) {
                remember(entry.getKey(), shown.experiment, shown.variant, new long[] {shown.movies[i]}, shown.at[i]);
            }
        }
    }

    /** One user's showings, oldest first, in two growing primitive arrays. */
    private static final class UserShown {
        final String experiment;
        final String variant;
        long[] movies = new long[16];
        long[] at = new long[16];
        int size;

        UserShown(String experiment, String variant) {
            this.experiment = experiment;
            this.variant = variant;
        }

        UserShown copy() {
            UserShown copy = new UserShown(experiment, variant);
            copy.movies = Arrays.copyOf(movies, size);
            copy.at = Arrays.copyOf(at, size);
            copy.size = size;
            return copy;
        }

        /** Adds the showings, dropping the oldest past {@code capacity}; returns the change in size. */
        int add(long[] shown, long when, int capacity) {
            int before = size;
            for (long movie : shown) {
                remove(movie);
                if (size == capacity) {
                    removeAt(0);
                }
                if (size == movies.length) {
                    int grown = Math.min(capacity, movies.length * 2);
                    movies = Arrays.copyOf(movies, grown);
                    at = Arrays.copyOf(at, grown);
                }
                movies[size] = movie;
                at[size] = when;
                size++;
            }
            return size - before;
        }

        /** Removes {@code movie}; returns when it was shown, or {@code Long.MIN_VALUE} when it was not. */
        long remove(long movie) {
            for (int i = 0; i < size; i++) {
                if (movies[i] == movie) {
                    long when = at[i];
                    removeAt(i);
                    return when;
                }
            }
            return Long.MIN_VALUE;
        }

        private void removeAt(int i) {
            System.arraycopy(movies, i + 1, movies, i, size - i - 1);
            System.arraycopy(at, i + 1, at, i, size - i - 1);
            size--;
        }
    }
}
