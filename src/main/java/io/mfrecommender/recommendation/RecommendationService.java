package io.mfrecommender.recommendation;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.UnknownMovieException;
import io.mfrecommender.data.Movie;
import io.mfrecommender.index.ItemIndex;
import io.mfrecommender.linalg.TopK;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.text.ClientText;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;

/**
 * Top-N lists from the active model. Each call reads the active {@link ServingModel} once, so a
 * model swap in the middle of a request cannot mix two models in one answer.
 *
 * <p>Lists are ordered by the version's ranker (implicit ALS: what the user is likely to choose),
 * or by predicted rating when the version has none or the client asks for {@code
 * sort=predicted-rating}; each item carries its predicted rating from the rating model either way.
 *
 * <p>Cold start is an explicit policy: a user the model does not know gets the most popular
 * movies ({@code strategy: popular}, ordered as {@code recommender.serving.popularity} says),
 * never an error and never an empty list while there are movies. A user placed from ratings
 * posted after training is ranked by their folded-in vectors ({@code strategy: folded-in}), with
 * the movies they rated so far left out.
 */
public final class RecommendationService {

    /**
     * Filters admitting at most this many movies are scored exactly, without a walk: scoring 20,000
     * rows costs about what a filtered walk costs before it gives up (1M movies, a genre of 10,000:
     * 5.8 ms through the walk, docs/performance.md).
     */
    static final int FILTERED_SCAN_BELOW = 20_000;

    public static final String PERSONALIZED = "personalized";
    public static final String POPULAR = "popular";
    public static final String FOLDED_IN = "folded-in";

    /** {@code sort} values: the version's own order (its ranker, or predicted rating without one), or predicted rating. */
    public static final String SORT_RELEVANCE = "relevance";

    public static final String SORT_PREDICTED_RATING = "predicted-rating";

    /** {@code ranking} values: what ordered a list. */
    public static final String RANKED_BY_RANKER = "ranker";

    public static final String RANKED_BY_PREDICTED_RATING = "predicted-rating";
    public static final String RANKED_BY_POPULARITY = "popularity";

    private final ServedVersion served;
    private final ServingProperties properties;
    private final Timer personalizedTimer;
    private final Timer popularTimer;
    private final ExposureListener exposures;

    /** @param meters where {@code recommender.recommendations} (a timer per strategy) is recorded */
    public RecommendationService(ServedVersion served, ServingProperties properties, MeterRegistry meters) {
        this(served, properties, meters, ExposureListener.NONE);
    }

    /** @param exposures told of every list served in an experiment */
    public RecommendationService(
            ServedVersion served, ServingProperties properties, MeterRegistry meters, ExposureListener exposures) {
        this.served = served;
        this.properties = properties;
        this.personalizedTimer = timer(meters, PERSONALIZED);
        this.popularTimer = timer(meters, POPULAR);
        this.exposures = exposures;
    }

    private static Timer timer(MeterRegistry meters, String strategy) {
        return Timer.builder("recommender.recommendations")
                .description("Time to compute a recommendation list, by strategy")
                .tag("strategy", strategy)
                .register(meters);
    }

    public Recommendations recommend(
            long user, int limit, int offset, boolean excludeRated, String genre, String sort) {
        return recommend(user, limit, offset, excludeRated, genre, sort, List.of());
    }

    /** @param exclude movie ids never to recommend (ids the version does not know are ignored) */
    public Recommendations recommend(
            long user, int limit, int offset, boolean excludeRated, String genre, String sort, List<Long> exclude) {
        return recommend(
                user, new ListQuery(limit, offset, excludeRated, genre, sort, exclude, List.of(), null, null, 0));
    }

    /** The page {@code query} asks for, from the version serving {@code user}. */
    public Recommendations recommend(long user, ListQuery query) {
        long start = System.nanoTime();
        validate(query);
        ServedVersion.Assignment assignment = served.forUser(user);
        Recommendations result = compute(user, query, assignment.model()).withVariant(assignment.variant());
        (result.strategy().equals(POPULAR) ? popularTimer : personalizedTimer)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        // Users the version does not know get the popular list and are not remembered: an anonymous
        // client could otherwise grow the experiment's memory one made-up id at a time.
        if (assignment.experiment() != null && !result.strategy().equals(POPULAR)) {
            exposures.served(
                    user,
                    assignment.experiment(),
                    assignment.variant(),
                    result.items().stream().mapToLong(Recommendation::movieId).toArray());
        }
        return result;
    }

    private void validate(ListQuery query) {
        InvalidParameterException.requireBetween("limit", query.limit(), 1, properties.maxLimit());
        InvalidParameterException.requireBetween("offset", query.offset(), 0, properties.maxOffset());
        requireAtMost("exclude", query.exclude(), properties.maxExclude(), "max-exclude");
        requireAtMost("include", query.include(), properties.maxInclude(), "max-include");
        if (query.minYear() != null && query.maxYear() != null && query.minYear() > query.maxYear()) {
            throw new InvalidParameterException(
                    "minYear",
                    "minYear " + query.minYear() + " is after maxYear " + query.maxYear()
                            + "; no movie can satisfy both");
        }
        if (!(query.diversity() >= 0 && query.diversity() <= 1)) {
            throw new InvalidParameterException(
                    "diversity", "diversity must be between 0 (the ranker's order) and 1, got " + query.diversity());
        }
    }

    private static void requireAtMost(String name, List<Long> ids, int bound, String key) {
        if (ids.size() > bound) {
            throw new InvalidParameterException(
                    name,
                    name + " lists at most " + bound + " movie ids (recommender.serving." + key + "), got "
                            + ids.size());
        }
    }

    private Recommendations compute(long user, ListQuery query, ServingModel serving) {
        boolean byPredictedRating = byPredictedRating(query.sort());
        FactorModel model = serving.model();
        String genre = query.genre() == null || query.genre().isBlank()
                ? null
                : query.genre().strip();
        boolean[] genreMask = genreMask(serving, genre);
        int[] excluded = itemIndices(serving, query.exclude());
        IntPredicate inYears = years(serving, query);
        int limit = query.limit();
        int offset = query.offset();
        ServedUser served = serving.user(user);
        int items = serving.itemCount();
        List<Recommendation> result = new ArrayList<>(limit);
        int[] included = query.include().isEmpty() ? null : itemIndices(serving, query.include());
        // Every rule but the ranker's order, in one test: what a page may show.
        IntPredicate admitted = item -> (genreMask == null || genreMask[item])
                && Arrays.binarySearch(excluded, item) < 0
                && (included == null || Arrays.binarySearch(included, item) >= 0)
                && (inYears == null || inYears.test(item));
        if (!served.known()) {
            int skipped = 0;
            // The popular list holds the trained movies: one placed since has too few ratings to rank there.
            for (int rank = 0; rank < model.items().size() && result.size() < limit; rank++) {
                int item = serving.popularItem(rank);
                if (!admitted.test(item)) {
                    continue;
                }
                if (skipped++ < offset) {
                    continue;
                }
                result.add(recommendation(serving, item, model.predict(-1, item)));
            }
            return new Recommendations(user, POPULAR, RANKED_BY_POPULARITY, serving.version(), result);
        }
        boolean ranked = serving.hasRanker() && !byPredictedRating;
        // The ranker's scores order the list; the rating model still says what the user would rate each movie.
        ListRules rules = rules(model).withDiversity(query.diversity());
        IntToDoubleFunction predicted = item -> serving.predict(served, item);
        int[] page = null;
        if (included != null) {
            page = includedPage(
                    serving, served, ranked, query.excludeRated(), included, admitted, offset + limit, rules);
        } else if (ranked && useIndex(serving)) {
            page = approximatePage(
                    serving,
                    served,
                    query.excludeRated(),
                    genre == null ? null : serving.genreItems(genre),
                    admitted,
                    offset + limit,
                    rules,
                    predicted);
        }
        if (page == null) {
            float[] scores = new float[items];
            if (ranked) {
                serving.rankAllItems(served, scores);
            } else {
                serving.scoreAllItems(served, scores);
            }
            if (query.excludeRated()) {
                serving.excludeRated(served, scores);
            }
            if (genreMask != null) {
                for (int i = 0; i < items; i++) {
                    if (!genreMask[i]) {
                        scores[i] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
            for (int item : excluded) {
                scores[item] = Float.NEGATIVE_INFINITY;
            }
            if (inYears != null) {
                for (int i = 0; i < items; i++) {
                    if (!inYears.test(i)) {
                        scores[i] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
            if (!ranked) {
                // The scores are the rating model's: its predictions are read from them, not computed again.
                predicted = item -> model.scale().clip(scores[item]);
            }
            page = page(scores, items, offset + limit, rules, predicted, serving::cosine);
        }
        for (int rank = offset; rank < page.length; rank++) {
            result.add(recommendation(serving, page[rank], predicted.applyAsDouble(page[rank])));
        }
        return new Recommendations(
                user,
                served.kind() == ServedUser.Kind.FOLDED_IN ? FOLDED_IN : PERSONALIZED,
                ranked ? RANKED_BY_RANKER : RANKED_BY_PREDICTED_RATING,
                serving.version(),
                result);
    }

    /** The release-year rule of {@code query}, null when it sets no bound. */
    private static IntPredicate years(ServingModel serving, ListQuery query) {
        if (!query.yearBounded()) {
            return null;
        }
        int from = query.minYear() == null ? Integer.MIN_VALUE + 1 : query.minYear();
        int to = query.maxYear() == null ? Integer.MAX_VALUE : query.maxYear();
        return item -> {
            int year = serving.year(item);
            return year != ServingModel.NO_YEAR && year >= from && year <= to;
        };
    }

    /**
     * The page made of the {@code include} list alone: each listed movie the other rules admit is
     * scored exactly (ranker or rating model), best first, then placed by the list rules.
     */
    private static int[] includedPage(
            ServingModel serving,
            ServedUser user,
            boolean ranked,
            boolean excludeRated,
            int[] included,
            IntPredicate admitted,
            int wanted,
            ListRules rules) {
        int[] candidates = filter(
                included,
                item -> admitted.test(item)
                        && serving.recommendable(item)
                        && !(excludeRated && serving.rated(user, item)));
        float[] scores = new float[candidates.length];
        if (ranked) {
            serving.rankItems(serving.rankerQuery(user), candidates, candidates.length, scores);
        } else {
            for (int c = 0; c < candidates.length; c++) {
                scores[c] = (float) serving.score(user, candidates[c]);
            }
        }
        int[] order = new int[candidates.length];
        float[] ordered = new float[candidates.length];
        int found = TopK.select(scores, 0, candidates.length, order, ordered);
        int[] items = new int[found];
        for (int r = 0; r < found; r++) {
            items[r] = candidates[order[r]];
        }
        int[] page = new int[Math.min(found, wanted)];
        int placed = rules.apply(items, ordered, found, item -> serving.predict(user, item), serving::cosine, page);
        return placed == page.length ? page : Arrays.copyOf(page, placed);
    }

    /**
     * The first {@code wanted} items of the page the list rules make of {@code scores}: candidates are
     * taken best first, a few times more than wanted, and more when the rules left the page short.
     */
    private static int[] page(
            float[] scores,
            int items,
            int wanted,
            ListRules rules,
            IntToDoubleFunction predicted,
            ListRules.Similarity similarity) {
        int pool = firstPool(wanted, items);
        int[] page = new int[Math.min(items, wanted)];
        while (true) {
            int[] top = new int[pool];
            float[] topScores = new float[pool];
            int found = TopK.select(scores, 0, items, top, topScores);
            int placed = rules.apply(top, topScores, found, predicted, similarity, page);
            if (placed == page.length || found < pool || pool == items) {
                return placed == page.length ? page : Arrays.copyOf(page, placed);
            }
            pool = (int) Math.min(items, 4L * pool);
        }
    }

    /** How many of the best candidates the rules first see for a page of {@code wanted}: a few times more. */
    private static int firstPool(int wanted, int candidates) {
        return Math.min(candidates, Math.max(4 * wanted, wanted + 50));
    }

    /** Whether this snapshot's lists go through its approximate index: it has one and the catalogue is large enough. */
    private boolean useIndex(ServingModel serving) {
        return serving.index().isPresent()
                && serving.itemCount() >= properties.index().minItems();
    }

    /**
     * The page from the approximate index: candidates admitted by every filter come from the graph
     * walk (filters apply inside it, so they cost no recall), are re-scored exactly by the ranker
     * and placed by the list rules; when the rules leave the page short the walk is repeated for
     * four times as many. A filter too narrow for the walk (it gives up after visiting as many
     * items as the filter admits) is served by scoring the admitted items exactly.
     *
     * @param genreItems the items of the requested genre, null for all
     * @return the page, or null when the index could not serve it (the caller scans every item)
     */
    private int[] approximatePage(
            ServingModel serving,
            ServedUser user,
            boolean excludeRated,
            int[] genreItems,
            IntPredicate allowed,
            int wanted,
            ListRules rules,
            IntToDoubleFunction predicted) {
        ItemIndex index = serving.index().orElseThrow();
        int items = serving.itemCount();
        int trained = serving.model().items().size();
        IntPredicate admitted = item -> allowed.test(item) && !(excludeRated && serving.rated(user, item));
        int admittable = genreItems == null ? items : genreItems.length;
        int visitLimit = genreItems == null ? Integer.MAX_VALUE : genreItems.length;
        float[] query = serving.rankerQuery(user);
        int[] page = new int[Math.min(admittable, wanted)];
        // The exact path's pools, so that both paths give the rules the same candidates.
        int pool = firstPool(wanted, admittable);
        while (true) {
            // The walk's own top is least sure at its tail: collect a few candidates per movie asked for.
            int fetch = Math.min(admittable, Math.max(pool, properties.index().candidatesPerResult() * wanted));
            int[] candidates = new int[fetch];
            // A filter admitting few items is scanned at once: a walk would visit as many before giving up.
            int found = genreItems != null && genreItems.length <= FILTERED_SCAN_BELOW
                    ? -1
                    : index.search(ItemIndex.Space.INNER_PRODUCT, query, fetch, admitted, visitLimit, candidates);
            int walked = found;
            if (found < 0) {
                if (genreItems == null) {
                    return null;
                }
                candidates = filter(genreItems, item -> admitted.test(item) && serving.recommendable(item));
                found = candidates.length;
                walked = found;
            } else if (items > trained) {
                // Movies placed since training are not in the index: each admitted one is a candidate.
                candidates = Arrays.copyOf(candidates, found + items - trained);
                for (int item = trained; item < items; item++) {
                    if (admitted.test(item) && serving.recommendable(item)) {
                        candidates[found++] = item;
                    }
                }
            }
            float[] exact = new float[found];
            serving.rankItems(query, candidates, found, exact);
            int[] order = new int[Math.min(found, pool)];
            float[] orderScores = new float[order.length];
            int ranked = TopK.select(exact, 0, found, order, orderScores);
            int[] ordered = new int[ranked];
            for (int r = 0; r < ranked; r++) {
                ordered[r] = candidates[order[r]];
            }
            int placed = rules.apply(ordered, orderScores, ranked, predicted, serving::cosine, page);
            if (placed == page.length || walked < pool || pool >= admittable) {
                return placed == page.length ? page : Arrays.copyOf(page, placed);
            }
            pool = (int) Math.min(admittable, 4L * pool);
        }
    }

    private static int[] filter(int[] items, IntPredicate keep) {
        int[] kept = new int[items.length];
        int count = 0;
        for (int item : items) {
            if (keep.test(item)) {
                kept[count++] = item;
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /** Served indices of the movie ids the snapshot knows, sorted; the others are ignored. */
    private static int[] itemIndices(ServingModel serving, List<Long> ids) {
        if (ids.isEmpty()) {
            return new int[0];
        }
        int[] indices = new int[ids.size()];
        int count = 0;
        for (Long id : ids) {
            int index = id == null ? -1 : serving.itemIndex(id);
            if (index >= 0) {
                indices[count++] = index;
            }
        }
        int[] known = Arrays.copyOf(indices, count);
        Arrays.sort(known);
        return known;
    }

    /** The configured rules, the floor put on this version's rating scale. */
    private ListRules rules(FactorModel model) {
        double stars = properties.minPredictedStars();
        return new ListRules(
                stars > 0 ? model.scale().fromFiveStar(stars) : Double.NaN,
                properties.neighbourCap(),
                properties.neighbourSimilarity());
    }

    public MovieView movie(long movie) {
        ServingModel serving = served.current();
        int item = serving.itemIndex(movie);
        Optional<Movie> entry = serving.catalog().find(movie);
        if (item < 0 && entry.isEmpty()) {
            throw new UnknownMovieException(movie, serving.version());
        }
        int count = item < 0 ? 0 : serving.ratingCount(item);
        Double mean = count == 0 ? null : (double) serving.ratingMean(item);
        return new MovieView(
                movie,
                entry.map(Movie::title).orElse(null),
                entry.map(Movie::year).orElse(null),
                entry.map(Movie::genres).orElse(List.of()),
                count,
                mean,
                item >= 0,
                serving.version());
    }

    public SimilarMovies similar(long movie, int limit) {
        InvalidParameterException.requireBetween("limit", limit, 1, properties.maxLimit());
        ServingModel serving = served.current();
        FactorModel model = serving.model();
        int item = serving.itemIndex(movie);
        if (item < 0) {
            throw new UnknownMovieException(movie, serving.version());
        }
        int items = model.items().size();
        if (useIndex(serving)) {
            SimilarMovies approximate = approximateSimilar(serving, item, movie, limit);
            if (approximate != null) {
                return approximate;
            }
        }
        float[] similarity = new float[items];
        serving.similarity().similaritiesToAll(serving.similarityQuery(item), similarity);
        if (item < items) {
            similarity[item] = Float.NEGATIVE_INFINITY;
        }
        int[] top = new int[Math.min(items, limit)];
        float[] topScores = new float[top.length];
        int found = TopK.select(similarity, 0, items, top, topScores);
        List<SimilarMovie> result = new ArrayList<>(found);
        for (int rank = 0; rank < found; rank++) {
            result.add(similarMovie(serving, top[rank], topScores[rank]));
        }
        return new SimilarMovies(movie, serving.version(), result);
    }

    /**
     * Similar movies through the index's cosine graph over the same similarity vectors the exact scan
     * uses, collecting {@code recommender.serving.index.candidates-per-result} per movie asked for,
     * re-ranked by the exact cosine. Null when the index could not serve (closed mid-request).
     */
    private SimilarMovies approximateSimilar(ServingModel serving, int item, long movie, int limit) {
        int items = serving.model().items().size();
        int pool = Math.min(items - 1, properties.index().candidatesPerResult() * limit);
        int[] candidates = new int[pool];
        float[] query = serving.similarityQuery(item);
        int found = serving.index()
                .orElseThrow()
                .search(ItemIndex.Space.COSINE, query, pool, other -> other != item, Integer.MAX_VALUE, candidates);
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
        return new SimilarMovies(movie, serving.version(), result);
    }

    private static SimilarMovie similarMovie(ServingModel serving, int item, float similarity) {
        long id = serving.model().items().idOf(item);
        Optional<Movie> entry = serving.catalog().find(id);
        return new SimilarMovie(
                id,
                entry.map(Movie::title).orElse(null),
                entry.map(Movie::year).orElse(null),
                entry.map(Movie::genres).orElse(List.of()),
                similarity);
    }

    private static boolean byPredictedRating(String sort) {
        if (sort == null || sort.isBlank() || sort.strip().equals(SORT_RELEVANCE)) {
            return false;
        }
        if (sort.strip().equals(SORT_PREDICTED_RATING)) {
            return true;
        }
        throw new InvalidParameterException(
                "sort",
                "sort must be '" + SORT_RELEVANCE + "' (the default: the model's "
                        + "ranker, or predicted rating without one) or '" + SORT_PREDICTED_RATING + "', got "
                        + ClientText.quote(sort.strip()));
    }

    private static boolean[] genreMask(ServingModel serving, String genre) {
        if (genre == null || genre.isBlank()) {
            return null;
        }
        boolean[] mask = serving.genreMask(genre.strip());
        if (mask == null) {
            throw new InvalidParameterException(
                    "genre",
                    "unknown genre '" + genre.strip() + "'; known genres: " + String.join(", ", serving.genres()));
        }
        return mask;
    }

    private static Recommendation recommendation(ServingModel serving, int item, double predicted) {
        long id = serving.itemId(item);
        Optional<Movie> movie = serving.catalog().find(id);
        return new Recommendation(
                id,
                movie.map(Movie::title).orElse(null),
                movie.map(Movie::year).orElse(null),
                movie.map(Movie::genres).orElse(List.of()),
                predicted,
                placedFrom(serving.placement(item)));
    }

    /** What a response says of a movie placed after training: {@code ratings} or {@code genres}; null for a trained one. */
    static String placedFrom(io.mfrecommender.model.ItemOverlay.Placement placement) {
        return placement == null ? null : placement.name().toLowerCase(Locale.ROOT);
    }
}
