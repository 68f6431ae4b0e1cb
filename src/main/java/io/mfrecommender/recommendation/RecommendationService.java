package io.mfrecommender.recommendation;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.api.Strategy;
import io.mfrecommender.api.UnknownMovieException;
import io.mfrecommender.data.Availability;
import io.mfrecommender.data.Movie;
import io.mfrecommender.model.FactorModel;
import io.mfrecommender.model.ItemOverlay;
import io.mfrecommender.model.ServedUser;
import io.mfrecommender.model.ServingModel;
import io.mfrecommender.model.ServingProperties;
import io.mfrecommender.text.ClientText;
import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
    /** What availability windows are read against. */
    private final Clock clock;

    private final SimilarMovieFinder similar;

    /** @param meters where {@code recommender.recommendations} (a timer per strategy) is recorded */
    public RecommendationService(ServedVersion served, ServingProperties properties, MeterRegistry meters) {
        this(served, properties, meters, ExposureListener.NONE, Clock.systemUTC());
    }

    /**
     * @param exposures told of every list served in an experiment
     * @param clock     the time catalogue availability windows are read at
     */
    public RecommendationService(
            ServedVersion served,
            ServingProperties properties,
            MeterRegistry meters,
            ExposureListener exposures,
            Clock clock) {
        this.served = served;
        this.properties = properties;
        this.personalizedTimer = timer(meters, Strategy.PERSONALIZED.word());
        this.popularTimer = timer(meters, Strategy.POPULAR.word());
        this.exposures = exposures;
        this.clock = clock;
        this.similar = new SimilarMovieFinder(served, properties, clock);
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
        (result.strategy() == Strategy.POPULAR ? popularTimer : personalizedTimer)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        // Users the version does not know get the popular list and are not remembered: an anonymous
        // client could otherwise grow the experiment's memory one made-up id at a time.
        if (assignment.experiment() != null && result.strategy() != Strategy.POPULAR) {
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
        ServedUser served = serving.user(user);
        int[] excluded = union(itemIndices(serving, query.exclude()), serving.dismissed(served));
        IntPredicate inYears = years(serving, query);
        int limit = query.limit();
        int offset = query.offset();
        int items = serving.itemCount();
        List<Recommendation> result = new ArrayList<>(limit);
        int[] included = query.include().isEmpty() ? null : itemIndices(serving, query.include());
        Instant now = clock.instant();
        boolean windows = serving.hasUnavailable();
        // Every rule but the ranker's order, in one test: what a page may show.
        IntPredicate admitted = item -> (genreMask == null || genreMask[item])
                && Arrays.binarySearch(excluded, item) < 0
                && (included == null || Arrays.binarySearch(included, item) >= 0)
                && (inYears == null || inYears.test(item))
                && (!windows || serving.available(item, now));
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
            return new Recommendations(user, Strategy.POPULAR, RANKED_BY_POPULARITY, serving.version(), result);
        }
        boolean ranked = serving.hasRanker() && !byPredictedRating;
        // The ranker's scores order the list; the rating model still says what the user would rate each movie.
        ListRules rules = rules(model).withDiversity(query.diversity());
        IntToDoubleFunction predicted = new RememberedPredictions(item -> serving.predict(served, item));
        int[] page = null;
        if (included != null) {
            int[] candidates = CandidatePages.filter(
                    included,
                    item -> admitted.test(item)
                            && serving.recommendable(item)
                            && !(query.excludeRated() && serving.rated(served, item)));
            page = CandidatePages.fill(
                    CandidatePages.included(serving, served, ranked, candidates),
                    candidates.length,
                    offset + limit,
                    rules,
                    predicted,
                    serving::cosine);
        } else if (ranked && useIndex(serving)) {
            int[] genreItems = genre == null ? null : serving.genreItems(genre);
            IntPredicate unrated =
                    item -> admitted.test(item) && !(query.excludeRated() && serving.rated(served, item));
            page = CandidatePages.fill(
                    CandidatePages.walk(
                            serving,
                            serving.rankerQuery(served),
                            genreItems,
                            unrated,
                            offset + limit,
                            properties.index().candidatesPerResult()),
                    genreItems == null ? items : genreItems.length,
                    offset + limit,
                    rules,
                    predicted,
                    serving::cosine);
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
            serving.hideUnavailable(scores, items, now);
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
            page = CandidatePages.fill(
                    CandidatePages.scan(scores, items), items, offset + limit, rules, predicted, serving::cosine);
        }
        for (int rank = offset; rank < page.length; rank++) {
            result.add(recommendation(serving, page[rank], predicted.applyAsDouble(page[rank])));
        }
        return new Recommendations(
                user,
                served.kind() == ServedUser.Kind.FOLDED_IN ? Strategy.FOLDED_IN : Strategy.PERSONALIZED,
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

    /** Whether this snapshot's lists go through its approximate index: it has one and the catalogue is large enough. */
    private boolean useIndex(ServingModel serving) {
        return useIndex(serving, properties);
    }

    static boolean useIndex(ServingModel serving, ServingProperties properties) {
        return serving.index().isPresent()
                && serving.itemCount() >= properties.index().minItems();
    }

    /** The sorted union of two sorted index arrays (the query's exclusions and the user's dismissals). */
    private static int[] union(int[] a, int[] b) {
        if (b.length == 0) {
            return a;
        }
        if (a.length == 0) {
            return b;
        }
        return java.util.stream.IntStream.concat(Arrays.stream(a), Arrays.stream(b))
                .sorted()
                .distinct()
                .toArray();
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

    /** The configured rules, the floor put on this version's rating scale as a viewer reads it. */
    private ListRules rules(FactorModel model) {
        double stars = properties.minPredictedStars();
        return new ListRules(
                stars > 0 ? model.scale().fromStarsAsRead(stars) : Double.NaN,
                properties.neighbourCap(),
                properties.neighbourSimilarity());
    }

    public MovieView movie(long movie) {
        ServingModel serving = served.current();
        int item = serving.itemIndex(movie);
        if (item < 0 && serving.catalog().find(movie).isEmpty()) {
            throw new UnknownMovieException(movie, serving.version());
        }
        int count = item < 0 ? 0 : serving.ratingCount(item);
        Double mean = count == 0 ? null : (double) serving.ratingMean(item);
        Movie entry = serving.catalog().describe(movie);
        Availability availability = entry.availability();
        return new MovieView(
                movie,
                entry.title(),
                entry.year(),
                entry.genres(),
                count,
                mean,
                item >= 0,
                availability.availableAt(clock.instant()),
                availability.retired(),
                availability.from(),
                availability.until(),
                serving.version());
    }

    /** The movies most like {@code movie}: {@link SimilarMovieFinder}. */
    public SimilarMovies similar(long movie, int limit) {
        return similar.find(movie, limit, null);
    }

    /** The same for {@code user} (when not null): what they said they are not interested in is left out. */
    public SimilarMovies similar(long movie, int limit, Long user) {
        return similar.find(movie, limit, user);
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
        Movie movie = serving.catalog().describe(id);
        return new Recommendation(
                id, movie.title(), movie.year(), movie.genres(), predicted, placedFrom(serving.placement(item)));
    }

    /** What a response says of a movie placed after training: {@code ratings} or {@code genres}; null for a trained one. */
    static String placedFrom(ItemOverlay.Placement placement) {
        return placement == null ? null : placement.name().toLowerCase(Locale.ROOT);
    }
}
