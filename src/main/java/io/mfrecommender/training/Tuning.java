package io.mfrecommender.training;

/**
 * Process-wide switches for measuring training rather than serving. The defaults are the
 * service's: worker threads park between tasks, so request threads keep their cores.
 */
public final class Tuning {

    private Tuning() {}

    /**
     * SGD helper threads spin between epochs instead of parking: an epoch on small data no longer
     * waits for a wake-up, at the cost of holding every core. For benchmarks, never for a server.
     */
    public static void preferSpinning() {
        WorkerTeam.preferSpinning();
    }
}
