package io.mfrecommender.versions;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Split;
import io.mfrecommender.data.SplitStrategy;

/** Which ratings a version is judged on, held out from its training. */
public sealed interface HoldOut {

    /** The ratings split into the training share and the held-out share. */
    Split apply(Dataset ratings);

    /**
     * The service's own: about {@code share} of each user's ratings, never the last training rating
     * of a user or a movie, so no user loses personalisation and no movie its predictions. Every
     * version the service trains (at startup and in jobs) holds out the same seeded ratings, so any
     * two of them are compared on ratings neither was trained on.
     */
    static HoldOut service(double share, long seed) {
        // Salted, so the held-out ratings differ from the trainers' own validation slices of the same seed.
        return new Seeded(new SplitStrategy.Covering(share), seed ^ 0x5DEECE66DL);
    }

    /** A split strategy of the command line ({@code random:0.9}, {@code per-user:0.1}, {@code temporal:5}). */
    record Seeded(SplitStrategy strategy, long seed) implements HoldOut {
        @Override
        public Split apply(Dataset ratings) {
            return strategy.apply(ratings, seed);
        }

        @Override
        public String toString() {
            return strategy.toString();
        }
    }

    /** A test file given beside the training ratings ({@code train --test FILE}): every rating trains. */
    record Given(Dataset test, String name) implements HoldOut {
        @Override
        public Split apply(Dataset ratings) {
            return new Split(ratings, test);
        }

        @Override
        public String toString() {
            return "file";
        }
    }
}
