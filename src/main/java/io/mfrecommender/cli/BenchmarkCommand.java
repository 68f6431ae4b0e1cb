package io.mfrecommender.cli;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.ParseMode;
import io.mfrecommender.data.RatingsReader;
import io.mfrecommender.data.SyntheticRatings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * {@code benchmark data [--ratings FILE] [--synthetic N] [--runs R]}: load times (median of R
 * runs after one warm-up) and the heap a loaded dataset retains.
 */
final class BenchmarkCommand {

    private final PrintStream out;

    BenchmarkCommand(PrintStream out) {
        this.out = out;
    }

    int run(Options options) {
        if (options.positional().size() != 1 || !options.positional().get(0).equals("data")) {
            throw new UsageException("usage: benchmark data [--ratings FILE] [--synthetic N] [--runs R]");
        }
        options.allow(Set.of("ratings", "synthetic", "runs"));
        int runs = options.integer("runs", 5, 1, 1000);
        RatingsReader reader = new RatingsReader(ParseMode.LENIENT, null);
        try {
            Path embedded = Files.createTempFile("embedded-ratings", ".dat");
            try (InputStream in = getClass().getClassLoader()
                    .getResourceAsStream("datasets/movietweetings-100k/ratings.dat")) {
                Files.copy(in, embedded, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            measure("embedded MovieTweetings 100K", embedded, reader, runs);
            Files.delete(embedded);
            if (options.has("ratings")) {
                Path file = Path.of(options.string("ratings", ""));
                measure(file.toString(), file, reader, runs);
            }
            int synthetic = options.integer("synthetic", 1_000_000, 1, 50_000_000);
            Path generated = Files.createTempFile("synthetic-ratings", ".dat");
            SyntheticRatings.movieLensLike(synthetic, 42).writeTo(generated);
            measure("synthetic " + synthetic, generated, reader, runs);
            Files.delete(generated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    private void measure(String name, Path file, RatingsReader reader, int runs) {
        reader.read(file);
        double[] millis = new double[runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            reader.read(file);
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        long before = usedHeapAfterGc();
        Dataset retained = reader.read(file).dataset();
        long after = usedHeapAfterGc();
        out.printf(Locale.ROOT, "load %-32s ratings=%,d users=%,d items=%,d median=%.1f ms min=%.1f ms runs=%d retained=%.1f MB%n",
                name, retained.size(), retained.users().size(), retained.items().size(),
                millis[runs / 2], millis[0], runs, (after - before) / 1048576.0);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
