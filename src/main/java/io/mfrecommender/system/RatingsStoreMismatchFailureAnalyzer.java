package io.mfrecommender.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Startup stopped by a ratings store that differs from the models directory's record: which, and what to do. */
final class RatingsStoreMismatchFailureAnalyzer
        extends AbstractFailureAnalyzer<RatingsStoreRecord.RatingsStoreMismatchException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RatingsStoreRecord.RatingsStoreMismatchException cause) {
        return new FailureAnalysis(
                cause.getMessage() + ". Instances sharing a models directory must keep posted ratings in one store.",
                "Start it with the recorded store (with docker compose's postgres profile: RATINGS_STORE=postgres, "
                        + "or leave recommender.ratings.store at auto to follow the record). To switch stores on "
                        + "purpose (posted ratings are not moved between them), delete the file ratings-store in "
                        + "the models directory first (docs/operations.md).",
                cause);
    }
}
