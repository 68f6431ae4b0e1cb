package io.mfrecommender;

import java.util.ArrayList;
import java.util.List;

/**
 * A test's way to run the packaged service out of heap on purpose, proving that the documented
 * command exits instead of hanging. Only a JVM system property turns it on
 * ({@code -Dmf.debug.exhaust-heap=true}): no HTTP request, environment variable or Spring setting
 * can, so a client cannot reach it.
 */
final class DebugHeapExhaustion {

    static final String PROPERTY = "mf.debug.exhaust-heap";

    private DebugHeapExhaustion() {}

    static void startIfAsked() {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        Thread thread = new Thread(DebugHeapExhaustion::exhaust, "debug-heap-exhaustion");
        thread.setDaemon(true);
        thread.start();
    }

    private static void exhaust() {
        List<long[]> held = new ArrayList<>();
        while (true) {
            held.add(new long[1 << 20]);
        }
    }
}
