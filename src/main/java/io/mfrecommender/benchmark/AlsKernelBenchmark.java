package io.mfrecommender.benchmark;

import io.mfrecommender.linalg.Gramian;
import io.mfrecommender.training.AlsRowSolver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures the two kinds of dense work in implicit ALS with plain Java (the Vector API) against
 * ND4J, for {@code benchmark ials}: the Gramian {@code XᵀX} of a whole factor matrix, and the
 * per-row work (build {@code Σ h hᵀ + α₀G + λI} from the row's interactions and solve it). The ND4J
 * row path gathers each row's item vectors, multiplies them by one gemm, and solves a batch of
 * systems with one call ({@code Nd4j.linalg().solve}); the Java path is {@link AlsRowSolver}.
 * One thread each, medians of several repetitions after a warm-up; a benchmark, not used in training.
 */
public final class AlsKernelBenchmark {

    /** Median seconds of each variant at one k. */
    public record Timing(
            int factors,
            double gramianJava,
            double gramianNd4j,
            double rowsJava,
            double rowsNd4j,
            int rows,
            double interactionsPerRow) {}

    private AlsKernelBenchmark() {}

    /**
     * @param items rows of the fixed side (MovieLens 1M has 3,706)
     * @param rows  rows solved per repetition
     * @param per   interactions per row (MovieLens 1M averages 165 per user)
     */
    public static Timing measure(int k, int items, int rows, int per, int repetitions) {
        SplittableRandom random = new SplittableRandom(11);
        float[] h = new float[items * k];
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) (0.1 * random.nextGaussian());
        }
        int[] others = new int[rows * per];
        float[] weights = new float[rows * per];
        for (int r = 0; r < rows; r++) {
            int[] picked = random.ints(0, items).distinct().limit(per).sorted().toArray();
            System.arraycopy(picked, 0, others, r * per, per);
        }
        Arrays.fill(weights, 1f);
        float[] gram = Gramian.of(h, items, k);
        float[] target = new float[rows * k];
        List<double[]> samples = new ArrayList<>();
        for (int rep = 0; rep <= repetitions; rep++) {
            long t0 = System.nanoTime();
            float[] javaGram = Gramian.of(h, items, k);
            long t1 = System.nanoTime();
            float[] nd4jGram = nd4jGramian(h, items, k);
            long t2 = System.nanoTime();
            AlsRowSolver solver = new AlsRowSolver(k, gram, 0.3, 0.02, 1, items);
            for (int r = 0; r < rows; r++) {
                solver.solve(others, weights, r * per, (r + 1) * per, h, target, r * k);
            }
            long t3 = System.nanoTime();
            nd4jRows(h, items, k, gram, others, per, rows);
            long t4 = System.nanoTime();
            if (rep > 0 && javaGram[1] != 0 && nd4jGram[1] != 0) { // the first repetition warms up the JIT
                samples.add(new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9});
            }
        }
        return new Timing(k, median(samples, 0), median(samples, 1), median(samples, 2), median(samples, 3), rows, per);
    }

    /** {@code XᵀX} by one ND4J gemm, copying the matrix into native memory first as a caller holding float[] must. */
    private static float[] nd4jGramian(float[] x, int n, int k) {
        try (INDArray matrix = Nd4j.create(x, new long[] {n, k}, DataType.FLOAT);
                INDArray gram = Nd4j.create(DataType.FLOAT, k, k)) {
            Nd4j.gemm(matrix, matrix, gram, true, false, 1.0, 0.0);
            return gram.data().asFloat();
        }
    }

    /** The same row work as {@link AlsRowSolver}, in ND4J: gather, gemm, batched solve. */
    private static void nd4jRows(float[] h, int items, int k, float[] gram, int[] others, int per, int rows) {
        INDArray factors = Nd4j.create(h, new long[] {items, k}, DataType.FLOAT);
        INDArray base = Nd4j.create(gram, new long[] {k, k}, DataType.FLOAT).muli(0.3);
        INDArray identity = Nd4j.eye(k).castTo(DataType.FLOAT);
        int batch = 64;
        for (int from = 0; from < rows; from += batch) {
            int size = Math.min(batch, rows - from);
            INDArray systems = Nd4j.create(DataType.FLOAT, size, k, k);
            INDArray rhs = Nd4j.create(DataType.FLOAT, size, k, 1);
            for (int r = 0; r < size; r++) {
                int[] rowItems = Arrays.copyOfRange(others, (from + r) * per, (from + r + 1) * per);
                INDArray x = Nd4j.pullRows(factors, 1, rowItems);
                double lambda = 0.02 * (per + 0.3 * items);
                systems.putSlice(r, x.transpose().mmul(x).addi(base).addi(identity.mul(lambda)));
                rhs.putSlice(r, x.sum(0).reshape(k, 1));
            }
            Nd4j.linalg().solve(systems, rhs);
        }
    }

    private static double median(List<double[]> samples, int column) {
        double[] values = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
        return values.length == 0 ? Double.NaN : values[values.length / 2];
    }
}
