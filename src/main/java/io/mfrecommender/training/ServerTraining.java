package io.mfrecommender.training;

/** Process-wide switches for training inside the web service rather than in a benchmark. */
public final class ServerTraining {

    private ServerTraining() {}

    /** SGD helper threads park after a short spin, leaving idle cores to request threads (see {@link WorkerTeam}). */
    public static void preferParking() {
        WorkerTeam.preferParking();
    }
}
