package io.mfrecommender.system;

import io.mfrecommender.linalg.Simd;
import io.mfrecommender.versions.ItemIndexes;
import io.mfrecommender.versions.ModelBootstrap;
import io.mfrecommender.versions.ServedVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** What runs once the context is up: the Vector API check, then the model bootstrap on its own thread. */
@Configuration(proxyBeanMethods = false)
class StartupConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StartupConfiguration.class);

    /** Says once, at startup, when the JVM runs without the Vector API and so 2-3x slower; before the bootstrap starts. */
    @Bean
    @Order(0)
    ApplicationRunner vectorApiCheck() {
        return args -> {
            if (!Simd.AVAILABLE) {
                log.warn("The JDK's Vector API is off: training and scoring run plain Java loops, 2-3x slower. "
                        + "Start the JVM with --add-modules jdk.incubator.vector (unless -Dmf.simd=false was meant)");
            } else {
                log.info("Vector API on: {} kernels", Simd.kernelName());
            }
        };
    }

    /** Named "model": part of the readiness group (see application.yml). */
    @Bean
    ModelHealthIndicator modelHealthIndicator(ServedVersion served, ItemIndexes indexes) {
        return new ModelHealthIndicator(served, indexes::status);
    }

    /**
     * Starts the bootstrap on its own thread once the context is up. If no model can be made
     * active (data that cannot be loaded, a saved model {@code load} mode cannot use, or any
     * error at all) the process logs one line saying why and exits with status 1: a service that
     * stays up unready forever helps nobody. {@code System.exit} runs the shutdown hook that
     * closes the context, so the status is 1 however quickly the other threads end.
     */
    @Bean
    @Order(1)
    ApplicationRunner modelStartup(ModelBootstrap bootstrap, ServedVersion served) {
        return args -> {
            Thread thread = new Thread(new StartupRunner(bootstrap::run, served, System::exit), "model-bootstrap");
            thread.setDaemon(true);
            thread.start();
        };
    }
}
