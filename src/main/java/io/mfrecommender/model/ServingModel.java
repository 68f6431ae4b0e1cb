package io.mfrecommender.model;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
import io.mfrecommender.index.ItemIndex;
import io.mfrecommender.linalg.Cosine;
import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.linalg.Vectors;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
 */
public final class ServingModel {

    private final FactorModel model;
    private final RankingFactors ranker;
    private final MovieCatalog catalog;
    private final Instant activatedAt;
    private final int[] ratedOffsets;
    private final int[] ratedItems;
    private final int[] ratingCount;
    private final float[] ratingMean;
    private final int[] popular;
    private final float[] itemFactorsT;
    private final float[] rankerItemFactorsT;
    private final float[] unitItemFactorsT;
    private final int similarityFactors;
    /** The factors similarity uses (the ranker's when present), row-major and not whitened, and each row's norm. */
    private final float[] similarityRows;

    private final float[] similarityNorms;
    /** {@code T} of the similar-movies whitening {@code x = h T} ({@code k × k}): places a new movie among the others. */
    private final double[] whitening;

    private final Map<String, boolean[]> itemsByGenre;
    private final Map<String, int[]> genreMembers;
    private final Set<String> genreNames;
    /** Release year of each trained movie, {@link #NO_YEAR} when the catalogue gives none. */
    private final int[] years;

    private final UserOverlay overlay;
    /** Movies placed after training; served item indices {@code base..itemCount()-1}. */
    private final ItemOverlay newItems;
    /** The ranker's approximate index, null while top-N scans every item. */
    private final ItemIndex index;

    /**
     * @param model      the trained model version
     * @param ratings    the ratings it was trained on (or more): rated-item exclusion and statistics
     * @param catalog    titles and genres; may be empty
     * @param popularity how the cold-start list is ordered
     * @param damping    weight of the global mean in the damped mean rating
     */
    public ServingModel(
            FactorModel model, Dataset ratings, MovieCatalog catalog, Popularity popularity, double damping) {
        this.model = model;
        this.ranker = model.ranker().orElse(null);
        this.catalog = catalog;
        this.activatedAt = Instant.now();
        int users = model.users().size();
        int items = model.items().size();
        int k = model.factors();

        int[] userOf = new int[ratings.size()];
        int[] itemOf = new int[ratings.size()];
        int[] perUser = new int[users + 1];
        ratingCount = new int[items];
        double[] sums = new double[items];
        for (int row = 0; row < ratings.size(); row++) {
            userOf[row] = model.users().indexOrMinusOne(ratings.userId(row));
            itemOf[row] = model.items().indexOrMinusOne(ratings.itemId(row));
            if (itemOf[row] >= 0) {
                ratingCount[itemOf[row]]++;
                sums[itemOf[row]] += ratings.rating(row);
                if (userOf[row] >= 0) {
                    perUser[userOf[row] + 1]++;
                }
            }
        }
        for (int u = 0; u < users; u++) {
            perUser[u + 1] += perUser[u];
        }
        ratedOffsets = perUser;
        ratedItems = new int[perUser[users]];
        int[] fill = Arrays.copyOf(perUser, users);
        for (int row = 0; row < ratings.size(); row++) {
            if (userOf[row] >= 0 && itemOf[row] >= 0) {
                ratedItems[fill[userOf[row]]++] = itemOf[row];
            }
        }
        for (int u = 0; u < users; u++) {
            Arrays.sort(ratedItems, ratedOffsets[u], ratedOffsets[u + 1]);
        }
        ratingMean = new float[items];
        for (int i = 0; i < items; i++) {
            ratingMean[i] = ratingCount[i] == 0 ? Float.NaN : (float) (sums[i] / ratingCount[i]);
        }
        popular = Popularity.order(popularity.scores(ratings, model.items(), damping));

        itemFactorsT = Cosine.transposed(model.itemFactorArray(), items, k);
        if (ranker != null) {
            rankerItemFactorsT = Cosine.transposed(ranker.itemFactorArray(), items, ranker.factors());
            similarityFactors = ranker.factors();
            similarityRows = ranker.itemFactorArray();
        } else {
            rankerItemFactorsT = null;
            similarityFactors = k;
            similarityRows = model.itemFactorArray();
        }
        whitening = Gramian.whitening(similarityRows, items, similarityFactors, SIMILARITY_WHITENING);
        unitItemFactorsT = Cosine.unitTransposed(
                Gramian.transform(similarityRows, items, similarityFactors, whitening), items, similarityFactors);
        similarityNorms = new float[items];
        for (int i = 0; i < items; i++) {
            similarityNorms[i] = (float) Math.sqrt(Vectors.dot(
                    similarityRows, i * similarityFactors, similarityRows, i * similarityFactors, similarityFactors));
        }

        Facets genres = Facets.of(model, catalog);
        itemsByGenre = genres.masks();
        genreMembers = genres.members();
        genreNames = genres.names();
        years = genres.years();
        overlay = UserOverlay.empty();
        newItems = ItemOverlay.empty();
        index = null;
    }

    private ServingModel(ServingModel base, UserOverlay overlay, ItemOverlay newItems, ItemIndex index) {
        this(base, overlay, newItems, index, base.catalog, null);
    }

    private ServingModel(
            ServingModel base,
            UserOverlay overlay,
            ItemOverlay newItems,
            ItemIndex index,
            MovieCatalog catalog,
            Facets genres) {
        this.model = base.model;
        this.ranker = base.ranker;
        this.catalog = catalog;
        this.activatedAt = base.activatedAt;
        this.ratedOffsets = base.ratedOffsets;
        this.ratedItems = base.ratedItems;
        this.ratingCount = base.ratingCount;
        this.ratingMean = base.ratingMean;
        this.popular = base.popular;
        this.itemFactorsT = base.itemFactorsT;
        this.rankerItemFactorsT = base.rankerItemFactorsT;
        this.unitItemFactorsT = base.unitItemFactorsT;
        this.similarityFactors = base.similarityFactors;
        this.similarityRows = base.similarityRows;
        this.similarityNorms = base.similarityNorms;
        this.whitening = base.whitening;
        this.itemsByGenre = genres == null ? base.itemsByGenre : genres.masks();
        this.genreMembers = genres == null ? base.genreMembers : genres.members();
        this.genreNames = genres == null ? base.genreNames : genres.names();
        this.years = genres == null ? base.years : genres.years();
        this.overlay = overlay;
        this.newItems = newItems;
        this.index = index;
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
        return new ServingModel(this, overlay, newItems, index, movies, Facets.of(model, movies));
    }

    /**
     * Which trained movies have each genre, every genre's name as the catalogue spells it, and each
     * trained movie's release year ({@link #NO_YEAR} where the catalogue gives none).
     */
    private record Facets(Map<String, boolean[]> masks, Map<String, int[]> members, Set<String> names, int[] years) {

        static Facets of(FactorModel model, MovieCatalog catalog) {
            int items = model.items().size();
            Map<String, boolean[]> byGenre = new HashMap<>();
            Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            int[] years = new int[items];
            Arrays.fill(years, NO_YEAR);
            for (int i = 0; i < items; i++) {
                Optional<Movie> movie = catalog.find(model.items().idOf(i));
                if (movie.isPresent() && movie.get().year() != null) {
                    years[i] = movie.get().year();
                }
                if (movie.isPresent()) {
                    for (String genre : movie.get().genres()) {
                        names.add(genre);
                        byGenre.computeIfAbsent(genre.toLowerCase(Locale.ROOT), g -> new boolean[items])[i] = true;
                    }
                }
            }
            Map<String, int[]> members = new HashMap<>();
            byGenre.forEach((genre, mask) -> {
                int[] list = new int[items];
                int count = 0;
                for (int i = 0; i < items; i++) {
                    if (mask[i]) {
                        list[count++] = i;
                    }
                }
                members.put(genre, Arrays.copyOf(list, count));
            });
            return new Facets(
                    Collections.unmodifiableMap(byGenre),
                    Collections.unmodifiableMap(members),
                    Collections.unmodifiableSet(names),
                    years);
        }
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

    /**
     * Builds the index of the ranker's item vectors into {@code directory} (see {@link ItemIndex#build}).
     *
     * @throws IllegalStateException when the version has no ranker
     */
    public void buildIndex(java.nio.file.Path directory, ItemIndex.Shape shape, int threads) {
        requireRanker();
        buildIndex(ranker, unitItemFactorsT, directory, shape, threads);
    }

    /**
     * Builds the index of a saved version's ranker into {@code directory} without serving it: what a
     * training job does before activating its version, so the swap finds the index ready.
     *
     * @throws IllegalStateException when the version has no ranker
     */
    public static void buildIndex(
            FactorModel version, java.nio.file.Path directory, ItemIndex.Shape shape, int threads) {
        RankingFactors ranker = version.ranker()
                .orElseThrow(
                        () -> new IllegalStateException("version " + version.version() + " has no ranker to index"));
        int items = version.items().size();
        int k = ranker.factors();
        // The unit vectors similar movies are scanned with, made as the constructor makes them.
        float[] unitT = Cosine.unitTransposed(
                Gramian.whiten(ranker.itemFactorArray(), items, k, SIMILARITY_WHITENING), items, k);
        buildIndex(ranker, unitT, directory, shape, threads);
    }

    /** The index of the ranker's rows and of the similar-movies unit vectors ({@code unitT}, transposed). */
    private static void buildIndex(
            RankingFactors ranker, float[] unitT, java.nio.file.Path directory, ItemIndex.Shape shape, int threads) {
        int items = ranker.items();
        int k = ranker.factors();
        float[] unitRows = new float[items * k];
        for (int i = 0; i < items; i++) {
            for (int f = 0; f < k; f++) {
                unitRows[i * k + f] = unitT[f * items + i];
            }
        }
        ItemIndex.build(ranker.itemFactorArray(), unitRows, items, k, SIMILARITY_DERIVATION, shape, directory, threads);
    }

    /**
     * Opens the index in {@code directory}, checked to hold exactly this version's ranker item vectors.
     *
     * @throws io.mfrecommender.index.IndexMismatchException when it does not
     */
    public ItemIndex openIndex(java.nio.file.Path directory) {
        requireRanker();
        return ItemIndex.open(
                directory, ranker.itemFactorArray(), model.items().size(), ranker.factors(), SIMILARITY_DERIVATION);
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
            case TRAINED ->
                Arrays.binarySearch(ratedItems, ratedOffsets[user.index()], ratedOffsets[user.index() + 1], item) >= 0;
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

    /** {@link #scoreAllItems(int, float[])} for a known user, trained or folded in. */
    public void scoreAllItems(ServedUser user, float[] scores) {
        if (user.kind() == ServedUser.Kind.TRAINED) {
            scoreAllItems(user.index(), scores);
            return;
        }
        requireKnown(user);
        int items = model.items().size();
        float offset = model.globalMean() + user.folded().bias();
        float[] itemBias = model.itemBiasArray();
        for (int i = 0; i < items; i++) {
            scores[i] = offset + itemBias[i];
        }
        Vectors.addProducts(user.folded().vector(), model.factors(), itemFactorsT, items, scores);
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

    /** {@link #rankAllItems(int, float[])} for a known user, trained or folded in. */
    public void rankAllItems(ServedUser user, float[] scores) {
        if (user.kind() == ServedUser.Kind.TRAINED) {
            rankAllItems(user.index(), scores);
            return;
        }
        requireKnown(user);
        if (ranker == null) {
            scoreAllItems(user, scores);
            return;
        }
        Arrays.fill(scores, 0f);
        Vectors.addProducts(
                user.folded().rankerVector(),
                ranker.factors(),
                rankerItemFactorsT,
                model.items().size(),
                scores);
        rankNewItems(user.folded().rankerVector(), scores);
    }

    /** Sets the score of every movie the user rated to −∞ (as this snapshot knows their ratings). */
    public void excludeRated(ServedUser user, float[] scores) {
        switch (user.kind()) {
            case TRAINED -> {
                for (int at = ratedOffsets[user.index()]; at < ratedOffsets[user.index() + 1]; at++) {
                    scores[ratedItems[at]] = Float.NEGATIVE_INFINITY;
                }
            }
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

    public int ratingCount(int item) {
        ItemOverlay.PlacedItem placed = placed(item);
        return placed == null ? ratingCount[item] : placed.ratings();
    }

    /** Mean rating of a served movie in the serving data (or its posted ratings), NaN when it has none. */
    public float ratingMean(int item) {
        ItemOverlay.PlacedItem placed = placed(item);
        return placed == null ? ratingMean[item] : placed.meanRating();
    }

    /** Model item indices from most to least popular, as the policy given at construction ranks them. */
    public int popularItem(int rank) {
        return popular[rank];
    }

    /** Items of a genre (case-insensitive), over {@link #itemCount()} items, or null when no movie has it. */
    public boolean[] genreMask(String genre) {
        String key = genre.toLowerCase(Locale.ROOT);
        boolean[] trained = itemsByGenre.get(key);
        int[] placed = newItemsOf(key);
        if (placed.length == 0) {
            return trained == null || newItems.size() == 0 ? trained : Arrays.copyOf(trained, itemCount());
        }
        boolean[] mask = trained == null ? new boolean[itemCount()] : Arrays.copyOf(trained, itemCount());
        for (int item : placed) {
            mask[item] = true;
        }
        return mask;
    }

    /** Items of a genre (case-insensitive) in index order, or null when no movie has it. */
    public int[] genreItems(String genre) {
        String key = genre.toLowerCase(Locale.ROOT);
        int[] trained = genreMembers.get(key);
        int[] placed = newItemsOf(key);
        if (placed.length == 0) {
            return trained;
        }
        int[] all = trained == null ? new int[0] : trained;
        int[] joined = Arrays.copyOf(all, all.length + placed.length);
        System.arraycopy(placed, 0, joined, all.length, placed.length);
        return joined;
    }

    /** Served indices of the movies placed after training that have the genre {@code key} (lower case). */
    private int[] newItemsOf(String key) {
        int base = model.items().size();
        int[] placed = new int[newItems.size()];
        int count = 0;
        for (int j = 0; j < newItems.size(); j++) {
            if (hasGenre(newItems.get(j).id(), key)) {
                placed[count++] = base + j;
            }
        }
        return Arrays.copyOf(placed, count);
    }

    private boolean hasGenre(long movie, String key) {
        return catalog.find(movie)
                .map(m -> m.genres().stream()
                        .anyMatch(g -> g.toLowerCase(Locale.ROOT).equals(key)))
                .orElse(false);
    }

    public Set<String> genres() {
        return genreNames;
    }

    /** {@link #year} of a movie the catalogue gives no year. */
    public static final int NO_YEAR = Integer.MIN_VALUE;

    /** A served movie's release year, {@link #NO_YEAR} when the catalogue gives none. */
    public int year(int item) {
        if (item < years.length) {
            return years[item];
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
     * The mean bias and vectors of the trained movies of {@code genres} (each movie once): where a
     * movie with these genres and no ratings yet is placed. Null when none of the genres has a
     * trained movie.
     */
    public ItemOverlay.PlacedItem placeByGenres(long movie, java.util.List<String> genres) {
        int base = model.items().size();
        boolean[] members = new boolean[base];
        for (String genre : genres) {
            boolean[] mask = itemsByGenre.get(genre.toLowerCase(Locale.ROOT));
            if (mask != null) {
                for (int i = 0; i < base; i++) {
                    members[i] |= mask[i];
                }
            }
        }
        int k = model.factors();
        int rk = ranker == null ? 0 : ranker.factors();
        double bias = 0;
        double[] vector = new double[k];
        double[] rankerVector = new double[rk];
        int count = 0;
        float[] itemFactors = model.itemFactorArray();
        float[] itemBias = model.itemBiasArray();
        float[] rankerRows = ranker == null ? null : ranker.itemFactorArray();
        for (int i = 0; i < base; i++) {
            if (!members[i]) {
                continue;
            }
            count++;
            bias += itemBias[i];
            for (int f = 0; f < k; f++) {
                vector[f] += itemFactors[i * k + f];
            }
            for (int f = 0; f < rk; f++) {
                rankerVector[f] += rankerRows[i * rk + f];
            }
        }
        if (count == 0) {
            return null;
        }
        float[] meanVector = new float[k];
        for (int f = 0; f < k; f++) {
            meanVector[f] = (float) (vector[f] / count);
        }
        float[] meanRanker = null;
        if (ranker != null) {
            meanRanker = new float[rk];
            for (int f = 0; f < rk; f++) {
                meanRanker[f] = (float) (rankerVector[f] / count);
            }
        }
        return new ItemOverlay.PlacedItem(
                movie, (float) (bias / count), meanVector, meanRanker, ItemOverlay.Placement.GENRES, 0, Float.NaN);
    }

    /**
     * Writes {@code μ + b_u + b_i + p_u·q_i} for every item into {@code scores} (length = items):
     * {@code k} SIMD-friendly passes over the transposed item factors.
     */
    public void scoreAllItems(int user, float[] scores) {
        int items = model.items().size();
        float offset = model.globalMean() + model.userBias(user);
        float[] itemBias = model.itemBiasArray();
        for (int i = 0; i < items; i++) {
            scores[i] = offset + itemBias[i];
        }
        Vectors.addProducts(model.userVector(user), model.factors(), itemFactorsT, items, scores);
        if (newItems.size() > 0) {
            scoreNewItems(ServedUser.trained(model.users().idOf(user), user), scores);
        }
    }

    /**
     * Writes the ranker's score {@code w_u·h_i} for every item into {@code scores}; without a
     * ranker, the predicted-rating scores of {@link #scoreAllItems}.
     */
    public void rankAllItems(int user, float[] scores) {
        if (ranker == null) {
            scoreAllItems(user, scores);
            return;
        }
        Arrays.fill(scores, 0f);
        float[] query = ranker.userVector(user);
        Vectors.addProducts(
                query, ranker.factors(), rankerItemFactorsT, model.items().size(), scores);
        rankNewItems(query, scores);
    }

    /**
     * How far similar movies' factors are whitened by their Gramian before the cosine
     * ({@link Gramian#whiten}): plain cosine ranks widely watched movies as similar to everything,
     * which a constant most-popular list would do as well; half way was chosen by lift, co-rating
     * beyond what popularity predicts ({@code docs/quality.md}).
     */
    public static final double SIMILARITY_WHITENING = 0.5;

    /** How the similarity vectors of the index are made from the ranker's item vectors (checked on opening). */
    private static final String SIMILARITY_DERIVATION = "gramian-whitened-" + SIMILARITY_WHITENING + "-unit";

    /**
     * Plain cosine of two items' factors (the ranker's when present); 0 when either has none. A
     * series' films are near 1 here, which is what the page's neighbour cap looks for.
     */
    public double cosine(int a, int b) {
        int base = model.items().size();
        if (a >= base || b >= base) {
            float[] x = similarityVector(a);
            float[] y = similarityVector(b);
            double nx = Math.sqrt(Vectors.dot(x, 0, x, 0, similarityFactors));
            double ny = Math.sqrt(Vectors.dot(y, 0, y, 0, similarityFactors));
            return nx == 0 || ny == 0 ? 0 : Vectors.dot(x, 0, y, 0, similarityFactors) / (nx * ny);
        }
        double norms = (double) similarityNorms[a] * similarityNorms[b];
        return norms == 0
                ? 0
                : Vectors.dot(
                                similarityRows,
                                a * similarityFactors,
                                similarityRows,
                                b * similarityFactors,
                                similarityFactors)
                        / norms;
    }

    /** The factors similarity uses for a served movie (the ranker's when present). */
    private float[] similarityVector(int item) {
        ItemOverlay.PlacedItem placed = placed(item);
        if (placed != null) {
            return ranker != null ? placed.rankerVector() : placed.vector();
        }
        return Vectors.row(similarityRows, item, similarityFactors);
    }

    /**
     * Item {@code item}'s unit-length similarity vector: the query of a similar-movies search in the
     * index. A movie placed after training is whitened by the same transform as the trained ones.
     */
    public float[] similarityQuery(int item) {
        int n = model.items().size();
        if (item >= n) {
            float[] whitened = Gramian.transform(similarityVector(item), 1, similarityFactors, whitening);
            double norm = Math.sqrt(Vectors.dot(whitened, 0, whitened, 0, similarityFactors));
            for (int f = 0; f < similarityFactors; f++) {
                whitened[f] = norm == 0 ? 0f : (float) (whitened[f] / norm);
            }
            return whitened;
        }
        float[] query = new float[similarityFactors];
        for (int f = 0; f < similarityFactors; f++) {
            query[f] = unitItemFactorsT[f * n + item];
        }
        return query;
    }

    /**
     * The similar-movies cosine of {@code query} ({@link #similarityQuery}) with each of
     * {@code items[0..count)}, into {@code out}, as {@link #cosineToAll} computes it.
     */
    public void similarities(float[] query, int[] items, int count, float[] out) {
        int n = model.items().size();
        for (int c = 0; c < count; c++) {
            double dot = 0;
            for (int f = 0; f < similarityFactors; f++) {
                dot += query[f] * unitItemFactorsT[f * n + items[c]];
            }
            out[c] = (float) dot;
        }
    }

    /**
     * Cosine of item {@code item}'s whitened factors with every trained item's, into {@code out}
     * (length: the model's items): similar movies. Movies placed after training are not among the
     * answers (their few ratings make poor neighbours) but may be the question.
     */
    public void cosineToAll(int item, float[] out) {
        float[] unit = similarityQuery(item);
        Arrays.fill(out, 0f);
        Vectors.addProducts(
                unit, similarityFactors, unitItemFactorsT, model.items().size(), out);
    }
}
