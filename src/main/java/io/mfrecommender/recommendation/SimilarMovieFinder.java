package io.mfrecommender.recommendation;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.UnknownMovieException;
import io.mfrecommender.data.Movie;
import io.mfrecommender.index.ItemIndex;
import io.mfrecommender.linalg.TopK;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.versions.ServedVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Similar movies from the served version: cosine in its similarity space ({@link ServingModel#similarity}),
 * none under the support floor ({@code recommender.serving.similar-min-ratings}) or unavailable at the
 * request's time; through the index's cosine graph in a large catalogue, by scanning otherwise.
 */
final class SimilarMovieFinder {

    private final ServedVersion served;
    private final ServingProperties properties;
    private final Clock clock;

    SimilarMovieFinder(ServedVersion served, ServingProperties properties, Clock clock) {
        this.served = served;
        this.properties = properties;
        this.clock = clock;
    }

    /** @param user whose dismissed movies ("not interested") are left out; null for none */
    SimilarMovies find(long movie, int limit, Long user) {
        InvalidParameterException.requireBetween("limit", limit, 1, properties.maxLimit());
        ServingModel serving = served.current();
        FactorModel model = serving.model();
        int item = serving.itemIndex(movie);
        if (item < 0) {
            throw new UnknownMovieException(movie, serving.version());
        }
        int[] dismissed = user == null ? new int[0] : serving.dismissed(serving.user(user));
        IntPredicate kept = other -> other != item && Arrays.binarySearch(dismissed, other) < 0;
        int items = model.items().size();
        if (RecommendationService.useIndex(serving, properties)) {
            int[] supported = serving.itemsWithAtLeast(properties.similarMinRatings());
            // A floor that leaves out most movies, and leaves few, is a filter too narrow for the walk
            // (it visits the graph until it finds enough): the movies it leaves are scored exactly.
            boolean narrow = supported.length <= CandidatePages.FILTERED_SCAN_BELOW
                    && 2L * supported.length < serving.model().items().size();
            SimilarMovies answer = narrow
                    ? similarAmong(serving, item, movie, limit, supported, kept)
                    : approximateSimilar(serving, item, movie, limit, kept);
            if (answer != null) {
                return answer;
            }
        }
        float[] similarity = new float[items];
        serving.similarToAll(serving.similarityQuery(item), properties.similarMinRatings(), similarity);
        if (item < items) {
            similarity[item] = Float.NEGATIVE_INFINITY;
        }
        for (int other : dismissed) {
            if (other < items) {
                similarity[other] = Float.NEGATIVE_INFINITY;
            }
        }
        serving.hideUnavailable(similarity, items, clock.instant());
        int[] top = new int[Math.min(items, limit)];
        float[] topScores = new float[top.length];
        int found = TopK.select(similarity, 0, items, top, topScores);
        List<SimilarMovie> result = new ArrayList<>(found);
        for (int rank = 0; rank < found; rank++) {
            result.add(similarMovie(serving, top[rank], topScores[rank]));
        }
        return new SimilarMovies(movie, serving.version(), properties.similarMinRatings(), result);
    }

    /**
     * Similar movies through the index's cosine graph over the same similarity vectors the exact scan
     * uses, collecting {@code recommender.serving.index.candidates-per-result} per movie asked for,
     * re-ranked by the exact cosine. Null when the index could not serve (closed mid-request).
     */
    private SimilarMovies approximateSimilar(ServingModel serving, int item, long movie, int limit, IntPredicate kept) {
        int items = serving.model().items().size();
        int pool = Math.min(items - 1, properties.index().candidatesPerResult() * limit);
        int[] candidates = new int[pool];
        float[] query = serving.similarityQuery(item);
        Instant now = clock.instant();
        int found = serving.index()
                .orElseThrow()
                .search(
                        ItemIndex.Space.COSINE,
                        query,
                        pool,
                        other -> kept.test(other)
                                && serving.ratingCount(other) >= properties.similarMinRatings()
                                && serving.available(other, now),
                        Integer.MAX_VALUE,
                        candidates);
        if (found < 0) {
            return null;
        }
        float[] cosine = new float[found];
        serving.similarity().similarities(query, candidates, found, cosine);
        int[] order = new int[Math.min(found, limit)];
        float[] orderScores = new float[order.length];
        int ranked = TopK.select(cosine, 0, found, order, orderScores);
        List<SimilarMovie> result = new ArrayList<>(ranked);
        for (int rank = 0; rank < ranked; rank++) {
            result.add(similarMovie(serving, candidates[order[rank]], orderScores[rank]));
        }
        return new SimilarMovies(movie, serving.version(), properties.similarMinRatings(), result);
    }

    /** Similar movies among {@code candidates} (the movies over the support floor), by exact cosine. */
    private SimilarMovies similarAmong(
            ServingModel serving, int item, long movie, int limit, int[] candidates, IntPredicate admitted) {
        float[] query = serving.similarityQuery(item);
        Instant now = clock.instant();
        int[] kept = CandidatePages.filter(candidates, other -> admitted.test(other) && serving.available(other, now));
        float[] cosine = new float[kept.length];
        serving.similarity().similarities(query, kept, kept.length, cosine);
        int[] order = new int[Math.min(kept.length, limit)];
        float[] orderScores = new float[order.length];
        int ranked = TopK.select(cosine, 0, kept.length, order, orderScores);
        List<SimilarMovie> result = new ArrayList<>(ranked);
        for (int rank = 0; rank < ranked; rank++) {
            result.add(similarMovie(serving, kept[order[rank]], orderScores[rank]));
        }
        return new SimilarMovies(movie, serving.version(), properties.similarMinRatings(), result);
    }

    private static SimilarMovie similarMovie(ServingModel serving, int item, float similarity) {
        long id = serving.model().items().idOf(item);
        Movie entry = serving.catalog().describe(id);
        return new SimilarMovie(id, entry.title(), entry.year(), entry.genres(), similarity, serving.ratingCount(item));
    }
}
