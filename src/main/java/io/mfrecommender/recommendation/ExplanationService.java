package io.mfrecommender.recommendation;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.Strategy;
import io.mfrecommender.api.UnknownMovieException;
import io.mfrecommender.data.Movie;
import io.mfrecommender.linalg.Vectors;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.ratings.PostedRatingsStore;
import io.mfrecommender.training.FoldIn;
import io.mfrecommender.versions.ServedVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Why a movie is recommended to a user, from the snapshot that serves them (their experiment
 * variant's, if any).
 *
 * <p>The ranker's part is exact: implicit ALS places a user by solving
 * {@code A x = Σ_j c_j y_j} with {@code A = α₀ YᵀY + Σ_j c_j y_j y_jᵀ + λ_u I} over their rated
 * movies j, so the score of movie i, {@code y_iᵀ x}, is {@code Σ_j c_j · y_iᵀ A⁻¹ y_j}: one term
 * per rated movie (Hu, Koren, Volinsky, ICDM 2008, §5). The vector used is re-solved from the
 * user's ratings now, as fold-in does, so the terms add up to the score returned; for a folded-in
 * user that is the served vector itself, for a trained user it differs from the stored one by the
 * last half-sweep of training (docs/math.md), and both scores are returned.
 *
 * <p>The rating model's part splits the prediction into its terms {@code μ + b_u + b_i + p_u·q_i};
 * the user's rated movies most similar to the explained one (cosine of the ranker's item factors)
 * go with it.
 */
public final class ExplanationService {

    /** Rated movies most similar to the explained one that are listed. */
    static final int SIMILAR_RATED = 5;

    private final ServedVersion served;
    private final Supplier<PostedRatingsStore> store;
    private final ServingProperties properties;

    /** @param store every user's ratings, loaded and posted (looked up when first needed) */
    public ExplanationService(ServedVersion served, Supplier<PostedRatingsStore> store, ServingProperties properties) {
        this.served = served;
        this.store = store;
        this.properties = properties;
    }

    /**
     * @param limit how many contributions to list, largest first (the rest are summed)
     * @throws UnknownMovieException when the serving version does not know {@code movie}
     */
    public Explanation explain(long user, long movie, int limit) {
        InvalidParameterException.requireBetween("limit", limit, 1, properties.maxLimit());
        ServedVersion.Assignment assignment = served.forUser(user);
        ServingModel serving = assignment.model();
        FactorModel model = serving.model();
        int item = serving.itemIndex(movie);
        if (item < 0) {
            throw new UnknownMovieException(movie, serving.version());
        }
        Movie entry = serving.catalog().describe(movie);
        ServedUser servedUser = serving.user(user);
        double score = serving.score(servedUser, item);
        double baseline = serving.baseline(servedUser, item);
        double userBias = serving.userBias(servedUser);
        Explanation.RatingTerms terms = new Explanation.RatingTerms(
                model.scale().clip(score),
                score,
                model.globalMean(),
                userBias,
                baseline - model.globalMean() - userBias,
                score - baseline);
        String title = entry.title();
        if (!servedUser.known()) {
            return new Explanation(
                    user,
                    movie,
                    title,
                    Strategy.POPULAR,
                    serving.version(),
                    assignment.variant(),
                    null,
                    null,
                    List.of(),
                    null,
                    terms,
                    List.of());
        }
        PostedRatingsStore ratings = store.get();
        PostedRatingsStore.TrainedRatings rated = ratings.trainedRatings(serving, user);
        Double rankerScore = null;
        Double servedScore = null;
        List<Explanation.Contribution> listed = List.of();
        Double others = null;
        if (serving.hasRanker()) {
            float[] target = serving.rankerItemVector(item);
            FoldIn.Attribution attribution = ratings.foldIn(model)
                    .attributeRanker(rated.items(), rated.ratings(), ratings.rankerEvents(serving, user), target);
            Map<Integer, Float> ratingOf = new HashMap<>();
            for (int r = 0; r < rated.items().length; r++) {
                ratingOf.put(rated.items()[r], rated.ratings()[r]);
            }
            Map<Long, Map<String, PostedRatingsStore.EventTally>> events = ratings.events(user);
            rankerScore = attribution.score();
            // As the list computes it: Vectors.dot in float, the same kernel as ServingModel.rankItems.
            servedScore = (double) Vectors.dot(serving.rankerQuery(servedUser), 0, target, 0, target.length);
            double[] parts = attribution.contributions();
            Integer[] order = IntStream.range(0, parts.length).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer r) -> -parts[r]));
            listed = new ArrayList<>(Math.min(limit, parts.length));
            double shown = 0;
            for (int at = 0; at < Math.min(limit, parts.length); at++) {
                int r = order[at];
                int pairItem = attribution.items()[r];
                long ratedMovie = model.items().idOf(pairItem);
                Movie ratedEntry = serving.catalog().describe(ratedMovie);
                Float rating = ratingOf.get(pairItem);
                Map<String, PostedRatingsStore.EventTally> done = events.get(ratedMovie);
                listed.add(new Explanation.Contribution(
                        ratedMovie,
                        ratedEntry.title(),
                        ratedEntry.genres(),
                        rating == null ? null : rating.doubleValue(),
                        done == null ? null : counts(done),
                        parts[r],
                        attribution.score() == 0 ? 0 : parts[r] / attribution.score()));
                shown += parts[r];
            }
            others = attribution.score() - shown;
        }
        return new Explanation(
                user,
                movie,
                title,
                servedUser.kind() == ServedUser.Kind.FOLDED_IN ? Strategy.FOLDED_IN : Strategy.PERSONALIZED,
                serving.version(),
                assignment.variant(),
                rankerScore,
                servedScore,
                listed,
                others,
                terms,
                similarRated(serving, item, rated));
    }

    /** How many events of each type, by type name. */
    private static Map<String, Integer> counts(Map<String, PostedRatingsStore.EventTally> tallies) {
        Map<String, Integer> counts = new TreeMap<>();
        tallies.forEach((type, tally) -> counts.put(type, tally.count()));
        return counts;
    }

    /** The user's rated movies closest to {@code item} by the cosine of their factors, closest first. */
    private static List<Explanation.SimilarRated> similarRated(
            ServingModel serving, int item, PostedRatingsStore.TrainedRatings rated) {
        int n = rated.items().length;
        double[] cosine = new double[n];
        for (int r = 0; r < n; r++) {
            cosine[r] = rated.items()[r] == item ? Double.NEGATIVE_INFINITY : serving.cosine(item, rated.items()[r]);
        }
        return IntStream.range(0, n)
                .filter(r -> cosine[r] != Double.NEGATIVE_INFINITY)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer r) -> -cosine[r]))
                .limit(SIMILAR_RATED)
                .map(r -> {
                    long id = serving.model().items().idOf(rated.items()[r]);
                    return new Explanation.SimilarRated(
                            id, serving.catalog().describe(id).title(), rated.ratings()[r], cosine[r]);
                })
                .toList();
    }
}
