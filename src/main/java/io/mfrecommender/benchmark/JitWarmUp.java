package io.mfrecommender.benchmark;

import io.mfrecommender.data.Dataset;
import io.mfrecommender.data.SyntheticRatings;
import io.mfrecommender.training.Algorithm;
import io.mfrecommender.training.Cancellation;
import io.mfrecommender.training.SgdParameters;
import io.mfrecommender.training.Trainer;
import io.mfrecommender.training.TrainingListener;
import java.util.Map;

/**
 * Trains a small synthetic problem through the SGD trainer before a timed run, so that the JIT has
 * compiled every path before real epochs are timed: until then the Vector API runs interpreted,
 * tens of times slower, and on two cores the compiler threads preempt the workers. The service
 * does not warm up: its first training simply runs slower while the JIT catches up.
 */
public final class JitWarmUp {

    /** Enough calls and loop iterations for C2, HotSpot's optimizing compiler (~15,000 each), on every path. */
    private static final int EPOCHS = 300;

    private JitWarmUp() {}

    /** Returns the seconds spent. */
    public static double sgd(int threads) {
        long start = System.nanoTime();
        Dataset data = new SyntheticRatings(1_000, 200, 10_000, 5, 0.7, 0.8, 0.9, 1).generate();
        SgdParameters parameters = SgdParameters.defaults()
                .with(Map.of("factors", 20, "epochs", EPOCHS, "patience", EPOCHS, "refit", false, "threads", threads));
        Trainer.forAlgorithm(Algorithm.SGD).train(data, parameters, TrainingListener.NONE, Cancellation.NONE);
        return (System.nanoTime() - start) / 1e9;
    }
}
