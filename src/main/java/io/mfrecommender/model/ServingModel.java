package io.mfrecommender.model;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.linalg.Vectors;
import io.mfrecommender.data.Movie;
import io.mfrecommender.data.MovieCatalog;
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
 * Everything a request needs, frozen together: the {@link FactorModel}, the movie catalog, which
 * movies each user rated, per-movie rating statistics and the layouts that make scoring fast. One
 * instance is published per activation and never changes, so a request that reads it once sees a
 * consistent model for its whole duration.
 *
 * <p>Derived layouts: the item factors transposed ({@code k × items}), so scoring one user against
 * all items is {@code k} SIMD passes of {@code scores[j] += p_f · Qᵀ[f][j]} (see
 * {@link Vectors#addProducts}); and the unit-length item vectors, transposed likewise, for cosine
 * similarity.
 */
public final class ServingModel {

    private final FactorModel model;
    private final MovieCatalog catalog;
    private final Instant activatedAt;
    private final int[] ratedOffsets;
    private final int[] ratedItems;
    private final int[] ratingCount;
    private final float[] ratingMean;
    private final int[] popular;
    private final float[] itemFactorsT;
    private final float[] unitItemFactorsT;
    private final Map<String, boolean[]> itemsByGenre;
    private final Set<String> genreNames;

    /**
     * @param model   the trained model
     * @param ratings the ratings it was trained on (or more): rated-item exclusion and statistics
     * @param catalog titles and genres; may be empty
     * @param damping weight of the global mean in the damped mean used to rank popular movies
     */
    public ServingModel(FactorModel model, Dataset ratings, MovieCatalog catalog, double damping) {
        this.model = model;
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
        double total = 0;
        for (int row = 0; row < ratings.size(); row++) {
            userOf[row] = model.users().indexOrMinusOne(ratings.userId(row));
            itemOf[row] = model.items().indexOrMinusOne(ratings.itemId(row));
            total += ratings.rating(row);
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

        // Popularity: the damped (Bayesian) mean (Σr + m·μ) / (n + m) ranks a movie with a few
        // perfect ratings below one with hundreds of good ones.
        double globalMean = ratings.isEmpty() ? model.globalMean() : total / ratings.size();
        ratingMean = new float[items];
        double[] damped = new double[items];
        for (int i = 0; i < items; i++) {
            ratingMean[i] = ratingCount[i] == 0 ? Float.NaN : (float) (sums[i] / ratingCount[i]);
            damped[i] = (sums[i] + damping * globalMean) / (ratingCount[i] + damping);
        }
        Integer[] order = new Integer[items];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> damped[a] != damped[b] ? Double.compare(damped[b], damped[a])
                : ratingCount[a] != ratingCount[b] ? Integer.compare(ratingCount[b], ratingCount[a]) : Integer.compare(a, b));
        popular = Arrays.stream(order).mapToInt(Integer::intValue).toArray();

        itemFactorsT = new float[k * items];
        unitItemFactorsT = new float[k * items];
        for (int i = 0; i < items; i++) {
            float[] q = model.itemVector(i);
            double norm = 0;
            for (int f = 0; f < k; f++) {
                itemFactorsT[f * items + i] = q[f];
                norm += (double) q[f] * q[f];
            }
            float inverse = norm == 0 ? 0f : (float) (1 / Math.sqrt(norm));
            for (int f = 0; f < k; f++) {
                unitItemFactorsT[f * items + i] = q[f] * inverse;
            }
        }

        Map<String, boolean[]> byGenre = new HashMap<>();
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < items; i++) {
            Optional<Movie> movie = catalog.find(model.items().idOf(i));
            if (movie.isPresent()) {
                for (String genre : movie.get().genres()) {
                    names.add(genre);
                    byGenre.computeIfAbsent(genre.toLowerCase(Locale.ROOT), g -> new boolean[items])[i] = true;
                }
            }
        }
        itemsByGenre = Collections.unmodifiableMap(byGenre);
        genreNames = Collections.unmodifiableSet(names);
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

    /** Model item indices rated by model user {@code user}, sorted; a view of shared data, do not modify. */
    public int ratedFrom(int user) {
        return ratedOffsets[user];
    }

    public int ratedTo(int user) {
        return ratedOffsets[user + 1];
    }

    public int ratedItem(int position) {
        return ratedItems[position];
    }

    public int ratingCount(int item) {
        return ratingCount[item];
    }

    /** Mean rating of a model item in the serving data, NaN when it has none. */
    public float ratingMean(int item) {
        return ratingMean[item];
    }

    /** Model item indices from most to least popular by damped mean rating. */
    public int popularItem(int rank) {
        return popular[rank];
    }

    /** Items of a genre (case-insensitive), or null when no movie has it. */
    public boolean[] genreMask(String genre) {
        return itemsByGenre.get(genre.toLowerCase(Locale.ROOT));
    }

    public Set<String> genres() {
        return genreNames;
    }

    /**
     * Writes {@code μ + b_u + b_i + p_u·q_i} for every item into {@code scores} (length = items):
     * {@code k} SIMD-friendly passes over the transposed item factors.
     */
    public void scoreAllItems(int user, float[] scores) {
        int items = model.items().size();
        int k = model.factors();
        float offset = model.globalMean() + model.userBias(user);
        float[] itemBias = model.itemBiasArray();
        for (int i = 0; i < items; i++) {
            scores[i] = offset + itemBias[i];
        }
        Vectors.addProducts(model.userVector(user), k, itemFactorsT, items, scores);
    }

    /** Cosine similarity of item {@code item}'s factors with every item's, into {@code out}. */
    public void cosineToAll(int item, float[] out) {
        int items = model.items().size();
        int k = model.factors();
        float[] unit = new float[k];
        for (int f = 0; f < k; f++) {
            unit[f] = unitItemFactorsT[f * items + item];
        }
        java.util.Arrays.fill(out, 0f);
        Vectors.addProducts(unit, k, unitItemFactorsT, items, out);
    }
}
