package io.mfrecommender.ratings;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.LoadedData;

/** The loaded data with each user's rows located (rows are sorted by user). */
final class BaseIndex {

    interface RatingSink {
        void accept(long movie, float rating, long timestamp);
    }

    final LoadedData data;
    final int[] offsets;

    BaseIndex(LoadedData data) {
        this.data = data;
        this.offsets = data.ratings().userOffsets();
    }

    void forEach(long user, RatingSink sink) {
        Dataset ratings = data.ratings();
        int u = ratings.users().indexOrMinusOne(user);
        if (u < 0) {
            return;
        }
        for (int row = offsets[u]; row < offsets[u + 1]; row++) {
            sink.accept(ratings.itemId(row), ratings.rating(row), ratings.timestamp(row));
        }
    }
}
