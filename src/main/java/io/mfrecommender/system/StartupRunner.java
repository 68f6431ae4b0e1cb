package io.mfrecommender.system;

import io.mfrecommender.data.DataLoadException;
import io.mfrecommender.model.ModelStoreException;
import io.mfrecommender.versions.ServedVersion;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.ErrorResponseException;

/**
 * Runs the startup sequence; if it fails in any way, exceptions and errors alike, logs one line
 * saying why and exits with status 1. The status shown in 503s and health meanwhile names no path
 * and no internal detail.
 */
final class StartupRunner implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(StartupRunner.class);

    private final Runnable startup;
    private final ServedVersion served;
    private final IntConsumer exit;

    StartupRunner(Runnable startup, ServedVersion served, IntConsumer exit) {
        this.startup = startup;
        this.served = served;
        this.exit = exit;
    }

    @Override
    public void run() {
        try {
            startup.run();
        } catch (Throwable e) {
            if (e instanceof ErrorResponseException problem) {
                log.error(
                        "No model could be made active, exiting: {}",
                        problem.getBody().getDetail());
            } else if (e instanceof DataLoadException
                    || e instanceof ModelStoreException
                    || e instanceof IllegalStateException
                    || e instanceof IllegalArgumentException) {
                // A configuration or data problem: the message says what to fix; a stack trace would not.
                log.error("No model could be made active, exiting: {}", e.getMessage());
            } else {
                log.error("No model could be made active, exiting: {}", e.toString(), e);
            }
            served.reportStatus("failed to start; the service log says why");
            exit.accept(1);
        }
    }
}
