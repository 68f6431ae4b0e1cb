package io.mfrecommender.versions;

import io.mfrecommender.data.LoadedData;
import io.mfrecommender.model.ServingModel;
import java.util.Collection;

/**
 * Ratings posted to the service since its data was loaded (the rating journal), as training and
 * serving need them: every version is trained on the data plus the journal, and served with the
 * users who changed after its training folded in.
 */
public interface PostedRatings {

    /**
     * Ratings to train on or serve over.
     *
     * @param through           how many journal entries {@code data} includes (recorded in the version's manifest)
     * @param sourceFingerprint the fingerprint of the ratings as loaded, before the journal: what a
     *                          version trained on {@code data} may later be served over
     */
    record Snapshot(LoadedData data, long through, String sourceFingerprint) {

        /** The data as loaded, no journal. */
        public static Snapshot of(LoadedData loaded) {
            return new Snapshot(loaded, 0, loaded.ratings().fingerprint());
        }
    }

    /** {@code base} with the journal applied: posted ratings added or replacing, deletions and erasures honoured. */
    Snapshot withPosted(LoadedData base);

    /** {@code serving} with every user changed after journal entry {@code through} folded in (or erased). */
    ServingModel foldChangedSince(ServingModel serving, long through);

    /**
     * {@code serving} with each of {@code movies} its version was not trained on placed from its
     * posted ratings, or from its catalogue genres while it has none.
     */
    default ServingModel foldMovies(ServingModel serving, Collection<Long> movies) {
        return serving;
    }

    /** No journal: the data as loaded, no overlay (the command line, tests). */
    PostedRatings NONE = new PostedRatings() {
        @Override
        public Snapshot withPosted(LoadedData base) {
            return Snapshot.of(base);
        }

        @Override
        public ServingModel foldChangedSince(ServingModel serving, long through) {
            return serving;
        }
    };
}
