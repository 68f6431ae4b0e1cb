package io.mfrecommender.prediction;

import io.mfrecommender.versions.ServedVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires predictions to the served version, their bound and the metrics registry. */
@Configuration(proxyBeanMethods = false)
public class PredictionConfiguration {

    @Bean
    PredictionService predictionService(
            ServedVersion served,
            PredictionProperties properties,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<Clock> clock) {
        return new PredictionService(
                served,
                properties,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                clock.getIfAvailable(Clock::systemUTC));
    }
}
