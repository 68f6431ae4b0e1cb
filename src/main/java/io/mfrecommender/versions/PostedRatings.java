package io.mfrecommender.versions;

import io.mfrecommender.data.LoadedData;
import io.mfrecommender.model.ServingModel;

/**
 * Ratings posted to the service since its data was loaded (the rating journal), as training and
 * serving need them: every version is trained on the data plus the journal, and served with the
 * users who changed after its training folded in.
 */
public interface PostedRatings {

    /**
     * Ratings to train on or serve over.
     *
     * @param through how many journal entries {@code data} includes (recorded in the version's manifest)
     */
    record Snapshot(LoadedData data, long through) {}

    /** {@code base} with the journal applied: posted ratings added or replacing, deletions and erasures honoured. */
    Snapshot withPosted(LoadedData base);

    /** {@code serving} with every user changed after journal entry {@code through} folded in (or erased). */
    ServingModel foldChangedSince(ServingModel serving, long through);

    /** No journal: the data as loaded, no overlay (the command line, tests). */
    PostedRatings NONE = new PostedRatings() {
        @Override
        public Snapshot withPosted(LoadedData base) {
            return new Snapshot(base, 0);
        }

        @Override
        public ServingModel foldChangedSince(ServingModel serving, long through) {
            return serving;
        }
    };
}
