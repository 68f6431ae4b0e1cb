package io.mfrecommender.model;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.index.ItemIndex;
import io.mfrecommender.linalg.Cosine;
import io.mfrecommender.linalg.Vectors;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a request needs, frozen together: the {@link FactorModel} (rating model and, when
 * trained, ranker), the movie catalog, which movies each user rated, per-movie rating statistics,
 * the cold-start order and the layouts that make scoring fast. One instance is published per
 * activation and never changes, so a request that reads it once sees a consistent model for its
 * whole duration.
 *
 * <p>Derived layouts: item factors transposed ({@code k × items}), so scoring one user against
 * all items is {@code k} SIMD passes of {@code scores[j] += p_f · Qᵀ[f][j]} (see
 * {@link Vectors#addProducts}), for the rating model and for the ranker; and unit-length item
 * vectors, transposed likewise, for cosine similarity (the ranker's when there is one).
 *
 * <p>Users placed after training (ratings posted since, or erasure) live in a {@link UserOverlay};
 * {@link #withOverlay} shares everything else, so publishing a fold-in costs the overlay's path
 * copy, not a copy of the model. Requests resolve a user once with {@link #user} and score through
 * the {@link ServedUser} overloads, which read the overlay first.
 *
 * <p>Longer than the project's 450 lines on purpose: it is the one façade a request reads a snapshot
 * through, and its parts already live apart ({@link RatedItems}, {@link GenreFacets},
 * {@link ItemOverlay}, {@link UserOverlay}, {@link ItemWindows}, {@link SimilaritySpace}); what is left
 * here is choosing between trained and placed rows, which one class keeps consistent.
 */
public final class ServingModel {

    private final FactorModel model;
    private final RankingFactors ranker;
    private final MovieCatalog catalog;
    private final Instant activatedAt;
    private final RatedItems rated;
    private final int[] popular;
    private final float[] itemFactorsT;
    private final float[] rankerItemFactorsT;
    private final SimilaritySpace similarity;
    private final GenreFacets facets;
    private final UserOverlay overlay;
    /** Movies placed after training; served item indices {@code base..itemCount()-1}. */
    private final ItemOverlay newItems;
    /** The ranker's approximate index, null while top-N scans every item. */
    private final ItemIndex index;
    /** Served movies retired or shown only within a window. */
    private final ItemWindows windows;

    /**
     * @param model      the trained model version
     * @param ratings    the ratings it was trained on (or more): rated-item exclusion and statistics
     * @param catalog    titles and genres; may be empty
     * @param popularity how the cold-start list is ordered
     * @param damping    weight of the global mean in the damped mean rating
     */
    public ServingModel(
            FactorModel model, Dataset ratings, MovieCatalog catalog, Popularity popularity, double damping) {
        this(model, ratings, catalog, popularity, damping, null);
    }

    /**
     * @param interested per model item, how many users showed interest in it by events beside the
     *                   ratings (added to its count for the cold-start list); null for none
     */
    public ServingModel(
            FactorModel model,
            Dataset ratings,
            MovieCatalog catalog,
            Popularity popularity,
            double damping,
            int[] interested) {
        this.model = model;
        this.ranker = model.ranker().orElse(null);
        this.catalog = catalog;
        this.activatedAt = Instant.now();
        this.rated = new RatedItems(model, ratings);
        this.popular = Popularity.order(popularity.scores(ratings, model.items(), damping, interested));
        int items = model.items().size();
        this.itemFactorsT = Cosine.transposed(model.itemFactorArray(), items, model.factors());
        this.rankerItemFactorsT =
                ranker == null ? null : Cosine.transposed(ranker.itemFactorArray(), items, ranker.factors());
        this.similarity = SimilaritySpace.of(model);
        this.facets = GenreFacets.of(model, catalog);
        this.overlay = UserOverlay.empty();
        this.newItems = ItemOverlay.empty();
        this.index = null;
        this.windows = ItemWindows.of(catalog, this::itemIndex);
    }

    private ServingModel(ServingModel base, UserOverlay overlay, ItemOverlay newItems, ItemIndex index) {
        this(base, overlay, newItems, index, base.catalog, base.facets);
    }

    private ServingModel(
            ServingModel base,
            UserOverlay overlay,
            ItemOverlay newItems,
            ItemIndex index,
            MovieCatalog catalog,
            GenreFacets facets) {
        this.model = base.model;
        this.ranker = base.ranker;
        this.catalog = catalog;
        this.activatedAt = base.activatedAt;
        this.rated = base.rated;
        this.popular = base.popular;
        this.itemFactorsT = base.itemFactorsT;
        this.rankerItemFactorsT = base.rankerItemFactorsT;
        this.similarity = base.similarity;
        this.facets = facets;
        this.overlay = overlay;
        this.newItems = newItems;
        this.index = index;
        this.windows = catalog == base.catalog && newItems == base.newItems
                ? base.windows
                : ItemWindows.of(catalog, this::itemIndex);
    }

    /** This snapshot with another overlay of folded users; everything else is shared, nothing copied. */
    public ServingModel withOverlay(UserOverlay users) {
        return new ServingModel(this, users, newItems, index);
    }

    /**
     * This snapshot with another catalogue (titles, years and genres changed through the API): the
     * genre filters are rebuilt, which reads every movie once; everything else is shared.
     */
    public ServingModel withCatalog(MovieCatalog movies) {
        return new ServingModel(this, overlay, newItems, index, movies, GenreFacets.of(model, movies));
    }

    /** This snapshot with another set of movies placed after training. */
    public ServingModel withNewItems(ItemOverlay items) {
        return new ServingModel(this, overlay, items, index);
    }

    public ItemOverlay newItems() {
        return newItems;
    }

    /** This snapshot served through {@code itemIndex} (built or opened for this version's ranker). */
    public ServingModel withIndex(ItemIndex itemIndex) {
        return new ServingModel(this, overlay, newItems, itemIndex);
    }

    /** Movies this snapshot serves: the model's, then those placed after training. */
    public int itemCount() {
        return model.items().size() + newItems.size();
    }

    /** The served item index of a movie id, or −1 when this snapshot does not serve it. */
    public int itemIndex(long id) {
        int trained = model.items().indexOrMinusOne(id);
        if (trained >= 0) {
            return trained;
        }
        int placed = newItems.position(id);
        return placed < 0 ? -1 : model.items().size() + placed;
    }

    public long itemId(int item) {
        int base = model.items().size();
        return item < base
                ? model.items().idOf(item)
                : newItems.get(item - base).id();
    }

    /** Whether a served movie may be recommended: trained, or placed from ratings or genres. */
    public boolean recommendable(int item) {
        ItemOverlay.PlacedItem placed = placed(item);
        return placed == null || placed.placement() != ItemOverlay.Placement.BASELINE;
    }

    /**
     * Whether a served movie may be recommended or listed as similar at {@code now}: not retired,
     * and inside its availability window when it has one. {@code /predict} still answers for it.
     */
    public boolean available(int item, Instant now) {
        return windows.size() == 0 || windows.available(item, now.toEpochMilli());
    }

    /** Sets to −∞ the scores of the movies below {@code length} that may not be shown at {@code now}. */
    public void hideUnavailable(float[] scores, int length, Instant now) {
        windows.hide(scores, length, now.toEpochMilli());
    }

    /** Whether some served movie is retired or windowed: when not, nothing needs hiding. */
    public boolean hasUnavailable() {
        return windows.size() > 0;
    }

    /** How a served movie was placed after training, or null for a trained one. */
    public ItemOverlay.Placement placement(int item) {
        ItemOverlay.PlacedItem placed = placed(item);
        return placed == null ? null : placed.placement();
    }

    private ItemOverlay.PlacedItem placed(int item) {
        int base = model.items().size();
        return item < base ? null : newItems.get(item - base);
    }

    /** The approximate index top-N and similar movies go through, if this snapshot has one. */
    public Optional<ItemIndex> index() {
        return Optional.ofNullable(index);
    }

    /** Whether an approximate index could serve this version: it has a ranker to index. */
    public boolean indexable() {
        return ranker != null;
    }

    private void requireRanker() {
        if (ranker == null) {
            throw new IllegalStateException("version " + version() + " has no ranker to index");
        }
    }

    /** The ranker's vector of a known user (trained or folded in): the query of an index search. */
    public float[] rankerQuery(ServedUser user) {
        requireRanker();
        return switch (user.kind()) {
            case TRAINED -> ranker.userVector(user.index());
            case FOLDED_IN -> user.folded().rankerVector();
            case UNKNOWN -> throw new IllegalArgumentException("user " + user.id() + " is not known to this version");
        };
    }

    /** The ranker's exact score {@code w·h_i} of {@code query} for each of {@code items[0..count)}, into {@code out}. */
    public void rankItems(float[] query, int[] items, int count, float[] out) {
        requireRanker();
        float[] rows = ranker.itemFactorArray();
        int k = ranker.factors();
        int base = model.items().size();
        for (int c = 0; c < count; c++) {
            out[c] = items[c] < base
                    ? (float) Vectors.dot(query, 0, rows, items[c] * k, k)
                    : (float) Vectors.dot(query, 0, placed(items[c]).rankerVector(), 0, k);
        }
    }

    /** Whether the user rated {@code item} (as this snapshot knows their ratings). */
    public boolean rated(ServedUser user, int item) {
        return switch (user.kind()) {
            case TRAINED -> rated.rated(user.index(), item);
            case FOLDED_IN -> Arrays.binarySearch(user.folded().ratedItems(), item) >= 0;
            case UNKNOWN -> false;
        };
    }

    public UserOverlay overlay() {
        return overlay;
    }

    /** The user as this snapshot serves them: the overlay's entry first, then the trained model. */
    public ServedUser user(long id) {
        UserOverlay.FoldedUser folded = overlay.get(id);
        if (folded != null) {
            return ServedUser.folded(folded);
        }
        int index = model.users().indexOrMinusOne(id);
        return index >= 0 ? ServedUser.trained(id, index) : ServedUser.unknown(id);
    }

    /** A known user's bias in the rating model (trained or folded in); 0 for an unknown one. */
    public float userBias(ServedUser user) {
        return switch (user.kind()) {
            case TRAINED -> model.userBias(user.index());
            case FOLDED_IN -> user.folded().bias();
            case UNKNOWN -> 0f;
        };
    }

    /** A known user's rating-model vector (a copy for a trained one); null for an unknown one. */
    public float[] userVector(ServedUser user) {
        return switch (user.kind()) {
            case TRAINED -> model.userVector(user.index());
            case FOLDED_IN -> user.folded().vector();
            case UNKNOWN -> null;
        };
    }

    /** A known user's ranker vector; null for an unknown one or without a ranker. */
    public float[] userRankerVector(ServedUser user) {
        return ranker == null || !user.known() ? null : rankerQuery(user);
    }

    /** {@code μ + b_u + b_i}, the user's bias dropped when unknown. */
    public double baseline(ServedUser user, int item) {
        ItemOverlay.PlacedItem placed = placed(item);
        if (placed != null) {
            return model.globalMean() + userBias(user) + placed.bias();
        }
        return switch (user.kind()) {
            case TRAINED -> model.baseline(user.index(), item);
            case FOLDED_IN -> model.baseline(-1, item) + user.folded().bias();
            case UNKNOWN -> model.baseline(-1, item);
        };
    }

    /** {@code μ + b_u + b_i + p_u·q_i}, unclipped; the item baseline for an unknown user. */
    public double score(ServedUser user, int item) {
        ItemOverlay.PlacedItem placed = placed(item);
        if (placed != null) {
            float[] vector = userVector(user);
            return baseline(user, item)
                    + (vector == null ? 0 : Vectors.dot(vector, 0, placed.vector(), 0, model.factors()));
        }
        return switch (user.kind()) {
            case TRAINED -> model.score(user.index(), item);
            case FOLDED_IN ->
                baseline(user, item)
                        + Vectors.dot(
                                user.folded().vector(),
                                0,
                                model.itemFactorArray(),
                                item * model.factors(),
                                model.factors());
            case UNKNOWN -> model.score(-1, item);
        };
    }

    /** The predicted rating, clipped to the scale. */
    public double predict(ServedUser user, int item) {
        return model.scale().clip(score(user, item));
    }

    /**
     * Writes {@code μ + b_u + b_i + p_u·q_i} of a known user, trained or folded in, for every served
     * item into {@code scores} (length: {@link #itemCount()}): {@code k} SIMD-friendly passes over
     * the transposed item factors, then the movies placed after training.
     */
    public void scoreAllItems(ServedUser user, float[] scores) {
        requireKnown(user);
        int items = model.items().size();
        float offset = model.globalMean() + userBias(user);
        float[] itemBias = model.itemBiasArray();
        for (int i = 0; i < items; i++) {
            scores[i] = offset + itemBias[i];
        }
        Vectors.addProducts(userVector(user), model.factors(), itemFactorsT, items, scores);
        scoreNewItems(user, scores);
    }

    /** The rating model's scores of the movies placed after training, after the model's in {@code scores}. */
    private void scoreNewItems(ServedUser user, float[] scores) {
        int base = model.items().size();
        for (int j = 0; j < newItems.size(); j++) {
            scores[base + j] = newItems.get(j).placement() == ItemOverlay.Placement.BASELINE
                    ? Float.NEGATIVE_INFINITY
                    : (float) score(user, base + j);
        }
    }

    /** The ranker's scores of the movies placed after training, after the model's in {@code scores}. */
    private void rankNewItems(float[] query, float[] scores) {
        int base = model.items().size();
        for (int j = 0; j < newItems.size(); j++) {
            ItemOverlay.PlacedItem item = newItems.get(j);
            scores[base + j] = item.placement() == ItemOverlay.Placement.BASELINE
                    ? Float.NEGATIVE_INFINITY
                    : (float) Vectors.dot(query, 0, item.rankerVector(), 0, ranker.factors());
        }
    }

    /**
     * Writes the ranker's score {@code w_u·h_i} of a known user, trained or folded in, for every
     * served item into {@code scores}; without a ranker, the predicted-rating scores of
     * {@link #scoreAllItems}.
     */
    public void rankAllItems(ServedUser user, float[] scores) {
        requireKnown(user);
        if (ranker == null) {
            scoreAllItems(user, scores);
            return;
        }
        float[] query = rankerQuery(user);
        Vectors.products(
                query, ranker.factors(), rankerItemFactorsT, model.items().size(), scores);
        rankNewItems(query, scores);
    }

    /**
     * Served item indices the user said they are not interested in, sorted (empty for most users):
     * left out of every list for them.
     */
    public int[] dismissed(ServedUser user) {
        return user.folded() == null ? NO_ITEMS : user.folded().dismissed();
    }

    private static final int[] NO_ITEMS = new int[0];

    /** Sets the score of every movie the user rated to −∞ (as this snapshot knows their ratings). */
    public void excludeRated(ServedUser user, float[] scores) {
        switch (user.kind()) {
            case TRAINED -> rated.exclude(user.index(), scores);
            case FOLDED_IN -> {
                for (int item : user.folded().ratedItems()) {
                    scores[item] = Float.NEGATIVE_INFINITY;
                }
            }
            case UNKNOWN -> {}
        }
    }

    private static void requireKnown(ServedUser user) {
        if (!user.known()) {
            throw new IllegalArgumentException("user " + user.id() + " is not known to this version");
        }
    }

    public FactorModel model() {
        return model;
    }

    public String version() {
        return model.version();
    }

    public MovieCatalog catalog() {
        return catalog;
    }

    public Instant activatedAt() {
        return activatedAt;
    }

    /** The ranker's factor count, 0 without a ranker. */
    public int rankerFactors() {
        return ranker == null ? 0 : ranker.factors();
    }

    /** True when this version has a ranker, which then orders recommendations and similar movies. */
    public boolean hasRanker() {
        return ranker != null;
    }

    /**
     * The trained movies with at least {@code minRatings} ratings in the version's data, in index
     * order (similar movies' support floor): computed once per version and floor. Do not modify.
     */
    public int[] itemsWithAtLeast(int minRatings) {
        return rated.atLeast(minRatings);
    }

    public int ratingCount(int item) {
        ItemOverlay.PlacedItem placed = placed(item);
        return placed == null ? rated.count(item) : placed.ratings();
    }

    /** Mean rating of a served movie in the serving data (or its posted ratings), NaN when it has none. */
    public float ratingMean(int item) {
        ItemOverlay.PlacedItem placed = placed(item);
        return placed == null ? rated.mean(item) : placed.meanRating();
    }

    /** Model item indices from most to least popular, as the policy given at construction ranks them. */
    public int popularItem(int rank) {
        return popular[rank];
    }

    /** Items of a genre (case-insensitive), over {@link #itemCount()} items, or null when no movie has it. */
    public boolean[] genreMask(String genre) {
        return facets.mask(GenreFacets.key(genre), placedOf(genre), itemCount());
    }

    /** Items of a genre (case-insensitive) in index order, or null when no movie has it. */
    public int[] genreItems(String genre) {
        return facets.members(GenreFacets.key(genre), placedOf(genre));
    }

    /** Served indices of the movies placed after training that have the genre. */
    private int[] placedOf(String genre) {
        return newItems.size() == 0
                ? new int[0]
                : GenreFacets.placed(
                        GenreFacets.key(genre), newItems, catalog, model.items().size());
    }

    public Set<String> genres() {
        return facets.names();
    }

    /** {@link #year} of a movie the catalogue gives no year. */
    public static final int NO_YEAR = Integer.MIN_VALUE;

    /** A served movie's release year, {@link #NO_YEAR} when the catalogue gives none. */
    public int year(int item) {
        if (item < facets.trained()) {
            return facets.year(item);
        }
        return catalog.find(itemId(item)).map(Movie::year).orElse(NO_YEAR);
    }

    /**
     * The ranker's vector of a served movie, trained or placed since (a copy for a trained one).
     *
     * @throws IllegalStateException when the version has no ranker
     */
    public float[] rankerItemVector(int item) {
        requireRanker();
        ItemOverlay.PlacedItem placed = placed(item);
        return placed != null ? placed.rankerVector() : ranker.itemVector(item);
    }

    /**
     * The cosine of each trained movie with the one {@code query} stands for ({@link #similarityQuery})
     * in {@link #similarity()}, into {@code out} (length: the trained movies); {@code −∞} for a movie
     * with fewer than {@code minRatings} ratings, which is never listed as similar.
     */
    public void similarToAll(float[] query, int minRatings, float[] out) {
        similarity.similaritiesToAll(query, out);
        for (int i = 0; i < out.length; i++) {
            if (rated.count(i) < minRatings) {
                out[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /** The space similar movies are found in: this version's, shared by every snapshot of it. */
    public SimilaritySpace similarity() {
        return similarity;
    }

    /**
     * Plain cosine of two items' factors (the ranker's when present); 0 when either has none. A
     * series' films are near 1 here, which is what the page's neighbour cap looks for.
     */
    public double cosine(int a, int b) {
        int base = model.items().size();
        if (a >= base || b >= base) {
            return similarity.cosine(similarityVector(a), similarityVector(b));
        }
        return similarity.cosine(a, b);
    }

    /** The factors similarity uses for a served movie (the ranker's when present). */
    private float[] similarityVector(int item) {
        ItemOverlay.PlacedItem placed = placed(item);
        if (placed != null) {
            return ranker != null ? placed.rankerVector() : placed.vector();
        }
        return similarity.row(item);
    }

    /**
     * Item {@code item}'s unit-length similarity vector: the query of a similar-movies search in the
     * index. A movie placed after training is whitened by the same transform as the trained ones.
     */
    public float[] similarityQuery(int item) {
        return item >= model.items().size() ? similarity.unit(similarityVector(item)) : similarity.unit(item);
    }
}
