package io.mfrecommender.system;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the process does when the heap runs out: it exits, so that an orchestrator restarts it. A
 * JVM that survives an {@link OutOfMemoryError} is alive but useless: threads that died holding
 * locks, a request pool that answers nothing, a SIGTERM handler that cannot allocate its thread.
 *
 * <p>The sure way is the JVM's own {@code -XX:+ExitOnOutOfMemoryError}, which every documented way
 * to run the service passes (the README's {@code java} commands, {@code spring-boot:run}, the
 * image's entrypoint). Started without it, the service says so at startup, and still halts when an
 * {@code OutOfMemoryError} reaches a request's error handling or ends a thread: a second line of
 * defence, not a replacement (an error swallowed by a library never reaches either).
 */
public final class FatalErrors {

    private static final Logger log = LoggerFactory.getLogger(FatalErrors.class);
    /** The status {@code -XX:+ExitOnOutOfMemoryError} exits with, used for the same cause here. */
    static final int OUT_OF_MEMORY_STATUS = 3;

    private FatalErrors() {}

    /** Warns when the JVM would not exit by itself, and halts on an error that ends a thread. */
    public static void install() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            haltIfOutOfMemory(error);
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                error.printStackTrace();
            }
        });
        if (!exitsOnOutOfMemory()) {
            log.warn("The JVM was started without -XX:+ExitOnOutOfMemoryError: add it (as the README's commands "
                    + "and the image do) so that a process out of heap exits and is restarted instead of hanging");
        }
    }

    /** Whether the JVM itself exits (or crashes) on an {@code OutOfMemoryError}. */
    static boolean exitsOnOutOfMemory() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot != null
                    && ("true"
                                    .equals(hotSpot.getVMOption("ExitOnOutOfMemoryError")
                                            .getValue())
                            || "true"
                                    .equals(hotSpot.getVMOption("CrashOnOutOfMemoryError")
                                            .getValue()));
        } catch (RuntimeException notHotSpot) {
            return false;
        }
    }

    /** Halts the process when {@code error} is, or was caused by, an {@code OutOfMemoryError}. */
    static void haltIfOutOfMemory(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                // No logging framework, no allocation worth the name: the heap is what failed.
                System.err.println("Out of memory: exiting so that the process is restarted");
                Runtime.getRuntime().halt(OUT_OF_MEMORY_STATUS);
            }
        }
    }
}
