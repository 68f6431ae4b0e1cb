package io.mfrecommender.recommendation;

/** Told of every list served to a user in an experiment: what the experiment matches later ratings against. */
@FunctionalInterface
public interface ExposureListener {

    ExposureListener NONE = (user, experiment, variant, movies) -> {};

    /** @param movies the movie ids on the page, best first */
    void served(long user, String experiment, String variant, long[] movies);
}
