package io.mfrecommender.jobs;

import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.model.ModelProperties;
import io.mfrecommender.training.TrainingProperties;
import io.mfrecommender.versions.ItemIndexes;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.VersionPipeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the training-job queue. */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    /** Training jobs; closing the context cancels a running one and records it. */
    @Bean
    TrainingJobs trainingJobs(
            DataSourceLoader dataLoader,
            ModelVersions versions,
            VersionPipeline pipeline,
            TrainingProperties trainingProperties,
            JobsProperties jobsProperties,
            ModelProperties modelProperties,
            ObjectProvider<MeterRegistry> meters,
            ItemIndexes indexes) {
        TrainingJobs jobs = new TrainingJobs(
                dataLoader::load,
                versions,
                pipeline,
                trainingProperties,
                jobsProperties,
                modelProperties.holdout(),
                modelProperties.directory().resolve("jobs"),
                meters.getIfAvailable(SimpleMeterRegistry::new));
        jobs.buildIndexesWith(indexes);
        return jobs;
    }
}
