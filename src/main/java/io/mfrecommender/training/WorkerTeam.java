package io.mfrecommender.training;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed team of threads (the caller plus {@code size - 1} helpers) that runs one task on every
 * member and waits for all of them: the barrier between SGD strata. An epoch on MovieLens 100K
 * lasts about a millisecond, so handing strata to an {@code ExecutorService} (tens of
 * microseconds to wake a parked thread, several times per epoch) made two threads slower than
 * one; helpers here spin briefly between tasks, then park.
 *
 * <p>Memory effects: everything the caller wrote before {@link #run} is visible to the helpers'
 * task, and everything the task wrote is visible to the caller when {@link #run} returns.
 */
final class WorkerTeam implements AutoCloseable {

    /**
     * About 20 µs: long enough to bridge the barrier between strata, short enough to leave idle
     * cores to a server's request threads between epochs (validation, progress reports).
     */
    private static final int PARKING_SPINS = 8_000;
    /**
     * About 10 ms, longer than the pause between two epochs: a benchmark's helpers never park, so
     * no epoch waits for a wake-up.
     */
    private static final int BENCHMARK_SPINS = 4_000_000;

    private static volatile int spinsBeforeParking = PARKING_SPINS;
    private static final long PARK_NANOS = 50_000;

    private final Thread[] helpers;
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile IntConsumer task;
    private volatile int generation;
    private volatile boolean closed;

    /** For benchmarks only: helpers hold their cores between epochs instead of parking (see {@link Tuning}). */
    static void preferSpinning() {
        spinsBeforeParking = BENCHMARK_SPINS;
    }

    WorkerTeam(int size, String name) {
        helpers = new Thread[size - 1];
        for (int h = 0; h < helpers.length; h++) {
            int member = h + 1;
            helpers[h] = new Thread(() -> helperLoop(member), name + "-" + member);
            helpers[h].setDaemon(true);
            helpers[h].start();
        }
    }

    int size() {
        return helpers.length + 1;
    }

    /**
     * Runs {@code body} once on each member, the caller included (member 0, helpers 1..size-1),
     * and returns when all are done.
     */
    void run(IntConsumer body) {
        failure.set(null);
        remaining.set(helpers.length + 1);
        task = body;
        generation++;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        try {
            body.accept(0);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            remaining.decrementAndGet();
        }
        while (remaining.get() > 0) {
            Thread.onSpinWait();
        }
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
    }

    private void helperLoop(int member) {
        int seen = 0;
        int idle = 0;
        while (!closed) {
            int current = generation;
            if (current == seen) {
                if (++idle < spinsBeforeParking) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
                continue;
            }
            seen = current;
            idle = 0;
            try {
                task.accept(member);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                remaining.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
    }
}
