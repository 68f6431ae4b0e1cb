package io.mfrecommender.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code recommender.jobs.*}: training jobs run one at a time beside the requests being served.
 *
 * @param queueCapacity jobs that may wait behind the running one; one more is refused with 409
 * @param threads       training threads of a job when its request names none; unset: one less
 *                      than the cores (at least one), so request threads keep a core
 * @param maxThreads    the most threads a job may ask for, its own or its models' (more is a 400
 *                      naming the field); unset: the number of cores, never more
 * @param history       finished job records kept on disk, newest first
 */
@ConfigurationProperties("recommender.jobs")
@Validated
public record JobsProperties(
        @DefaultValue("2") @Min(1) @Max(100) int queueCapacity,
        @Min(1) @Max(256) Integer threads,

        @DefaultValue("100") @Min(1) int history,
        @Min(1) @Max(256) Integer maxThreads) {

    /** The training budget: {@code max-threads}, and never more than the cores. */
    public int maxThreadsOrDefault() {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        return maxThreads != null ? Math.min(maxThreads, cores) : cores;
    }

    public int threadsOrDefault() {
        int threadsAsked =
                threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        return Math.min(threadsAsked, maxThreadsOrDefault());
    }
}
