package io.mfrecommender.experiments;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where the experiments' figures and the memory of what each user was recently shown are kept:
 * this process ({@link LocalFigureStore}, with the journal; the owner's records keep its figures)
 * or PostgreSQL, shared by every replica ({@link PostgresFigureStore}), so that a hit is counted
 * whichever replica served the list and whichever received the rating.
 */
interface FigureStore extends AutoCloseable {

    /** One variant's figures. */
    record Counts(long users, long lists, long hits, long usersWithHit) {
        static final Counts NONE = new Counts(0, 0, 0, 0);
    }

    /** Told of each hit counted here, for this instance's meters. */
    @FunctionalInterface
    interface HitListener {
        void hit(String experiment, String variant);
    }

    /** Empty figures for each of {@code experiment}'s variants (a start), unless it has some already. */
    void track(Experiment experiment);

    /** {@code experiment}'s figures as its record holds them (after a restart). */
    void restore(Experiment experiment, Map<String, ExperimentRecords.StoredTally> stored);

    /** {@code experiment}'s figures as its record is to keep them: empty where they are kept elsewhere. */
    Map<String, ExperimentRecords.StoredTally> stored(String experiment);

    /**
     * A list served to {@code user} at {@code at} (epoch ms): counted, and its movies remembered.
     *
     * @return whether the experiment's record changed (it holds the figures)
     */
    boolean served(long user, String experiment, String variant, long[] movies, long at);

    /**
     * A liked rating of {@code movie} by {@code user}: a hit when it was shown to them at or after
     * {@code since}; the showing is forgotten either way, so that it counts once.
     *
     * @return whether the experiment's record changed
     */
    boolean liked(long user, long movie, long since, HitListener hits);

    /** Saves what this store keeps only in memory, beside {@code experiment}'s record, with it. */
    default void save(String experiment) throws IOException {}

    /** Forgets what was shown in {@code experiment} (its end). */
    void clearRecent(String experiment);

    /**
     * Removes {@code users} from every experiment's figures and memory.
     *
     * @return the experiments whose records named any of them (to rewrite)
     */
    List<String> erase(Collection<Long> users);

    /** Whether any figures or memory name {@code user}. */
    boolean names(long user);

    /** Users whose recent showings are remembered now. */
    int rememberedUsers();

    /** Each variant's figures by name; a variant with none is absent. */
    Map<String, Counts> counts(String experiment);

    /** Whether the figures are shared with other instances (then any instance may erase from them). */
    boolean shared();

    @Override
    default void close() {}
}
