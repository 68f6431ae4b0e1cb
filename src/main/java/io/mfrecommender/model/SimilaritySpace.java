package io.mfrecommender.model;

import io.mfrecommender.linalg.Cosine;
import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.linalg.Vectors;
import java.util.Arrays;

/**
 * The space similar movies are found in, built once per version from the item factors similarity
 * uses (the ranker's when there is one, else the rating model's): the rows as trained and each
 * row's norm, for the plain cosine a page's neighbour cap reads; the whitening transform {@code T}
 * and the whitened rows made unit length and transposed ({@code k × items}), for similar movies.
 */
public final class SimilaritySpace {

    /**
     * How far similar movies' factors are whitened by their Gramian before the cosine
     * ({@link Gramian#whiten}): plain cosine ranks widely watched movies as similar to everything,
     * which a constant most-popular list would do as well; half way was chosen by lift, co-rating
     * beyond what popularity predicts ({@code docs/quality.md}).
     */
    public static final double WHITENING = 0.5;

    /** How the similarity vectors of the index are made from the ranker's item vectors (checked on opening). */
    public static final String DERIVATION = "gramian-whitened-" + WHITENING + "-unit";

    private final int items;
    private final int factors;
    /** The factors as trained, row-major, and each row's norm. */
    private final float[] rows;

    private final float[] norms;
    /** {@code T} of the whitening {@code x = h T} ({@code k × k}): places a new movie among the others. */
    private final double[] whitening;
    /** The whitened rows, unit length, transposed. */
    private final float[] unitT;

    /** The space of {@code rows} ({@code items × factors}, row-major); the array is kept, not copied. */
    public SimilaritySpace(float[] rows, int items, int factors) {
        this.items = items;
        this.factors = factors;
        this.rows = rows;
        this.whitening = Gramian.whitening(rows, items, factors, WHITENING);
        this.unitT = Cosine.unitTransposed(Gramian.transform(rows, items, factors, whitening), items, factors);
        this.norms = new float[items];
        for (int i = 0; i < items; i++) {
            norms[i] = (float) Math.sqrt(Vectors.dot(rows, i * factors, rows, i * factors, factors));
        }
    }

    /** The space of a version: its ranker's item factors when it has a ranker, else the rating model's. */
    public static SimilaritySpace of(FactorModel model) {
        return model.ranker()
                .map(ranker -> new SimilaritySpace(ranker.itemFactorArray(), ranker.items(), ranker.factors()))
                .orElseGet(() -> new SimilaritySpace(
                        model.itemFactorArray(), model.items().size(), model.factors()));
    }

    public int factors() {
        return factors;
    }

    /** A trained movie's factors as trained (a copy). */
    public float[] row(int item) {
        return Vectors.row(rows, item, factors);
    }

    /** Plain cosine of two trained movies' factors; 0 when either is zero. */
    public double cosine(int a, int b) {
        double product = (double) norms[a] * norms[b];
        return product == 0 ? 0 : Vectors.dot(rows, a * factors, rows, b * factors, factors) / product;
    }

    /** Plain cosine of two vectors of this space; 0 when either is zero. */
    public double cosine(float[] x, float[] y) {
        double nx = Math.sqrt(Vectors.dot(x, 0, x, 0, factors));
        double ny = Math.sqrt(Vectors.dot(y, 0, y, 0, factors));
        return nx == 0 || ny == 0 ? 0 : Vectors.dot(x, 0, y, 0, factors) / (nx * ny);
    }

    /** A trained movie's whitened unit vector: the query of a similar-movies search. */
    public float[] unit(int item) {
        float[] query = new float[factors];
        for (int f = 0; f < factors; f++) {
            query[f] = unitT[f * items + item];
        }
        return query;
    }

    /** A vector placed among the trained ones (a movie placed after training), whitened by the same {@code T}, unit length. */
    public float[] unit(float[] vector) {
        float[] whitened = Gramian.transform(vector, 1, factors, whitening);
        double norm = Math.sqrt(Vectors.dot(whitened, 0, whitened, 0, factors));
        for (int f = 0; f < factors; f++) {
            whitened[f] = norm == 0 ? 0f : (float) (whitened[f] / norm);
        }
        return whitened;
    }

    /** The cosine of a unit {@code query} with each trained movie of {@code movies[0..count)}, into {@code out}. */
    public void similarities(float[] query, int[] movies, int count, float[] out) {
        for (int c = 0; c < count; c++) {
            double dot = 0;
            for (int f = 0; f < factors; f++) {
                dot += query[f] * unitT[f * items + movies[c]];
            }
            out[c] = (float) dot;
        }
    }

    /**
     * The cosine of a unit {@code query} with every trained movie, into {@code out} (length: the
     * trained movies): similar movies. Movies placed after training are not among the answers (their
     * few ratings make poor neighbours) but may be the question.
     */
    public void similaritiesToAll(float[] query, float[] out) {
        Arrays.fill(out, 0f);
        Vectors.addProducts(query, factors, unitT, items, out);
    }

    /** The whitened unit vectors row-major ({@code items × factors}): what the index's cosine graph holds. */
    public float[] unitRows() {
        float[] unitRows = new float[items * factors];
        for (int i = 0; i < items; i++) {
            for (int f = 0; f < factors; f++) {
                unitRows[i * factors + f] = unitT[f * items + i];
            }
        }
        return unitRows;
    }
}
