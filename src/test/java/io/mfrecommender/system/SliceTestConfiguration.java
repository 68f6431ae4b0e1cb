package io.mfrecommender.system;

import io.mfrecommender.model.ModelRegistry;
import io.mfrecommender.model.TinyServing;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * For {@code @WebMvcTest} slices: the real services ({@link ServingConfiguration}) with the
 * default serving bounds, on a registry supplied by a nested configuration: the hand-checked
 * {@link TinyServing} model, or nothing active as during startup.
 */
public final class SliceTestConfiguration {

    private SliceTestConfiguration() {
    }

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RecommenderProperties.class)
    @Import(ServingConfiguration.class)
    public static class TinyModelActive {
        @Bean
        ModelRegistry modelRegistry() {
            return TinyServing.activeRegistry();
        }
    }

    /** {@link TinyServing#withRanker()}: the same version with a ranker whose order differs. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RecommenderProperties.class)
    @Import(ServingConfiguration.class)
    public static class TinyModelWithRankerActive {
        @Bean
        ModelRegistry modelRegistry() {
            ModelRegistry registry = new ModelRegistry();
            registry.activate(TinyServing.withRanker());
            return registry;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RecommenderProperties.class)
    @Import(ServingConfiguration.class)
    public static class NoModelYet {
        @Bean
        ModelRegistry modelRegistry() {
            ModelRegistry registry = new ModelRegistry();
            registry.reportStatus("training a sgd model on test data");
            return registry;
        }
    }
}
