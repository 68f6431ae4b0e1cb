package io.mfrecommender.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An experiment as stored and listed: its variants and their traffic shares, and whether it runs.
 *
 * @param name      unique; with a user's id it decides the user's variant
 * @param status    {@code running} or {@code ended}
 * @param variants  the versions compared and the percentage of users each serves (summing to 100)
 * @param startedAt when it started
 * @param endedAt   when it ended; null while it runs
 * @param promoted  the variant whose version was made active when it ended; null while it runs
 * @param reason    why a {@code suspended} experiment's split is not served, or why a {@code damaged}
 *                  one cannot be read; null otherwise (never stored)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Experiment(
        @Schema(example = "ranker-k128") String name,

        @Schema(
                allowableValues = {"running", "suspended", "ended", "damaged"},
                description = "running: its split is served; suspended: recorded as running, but its split "
                        + "cannot be served here (see reason); ended; damaged: its record cannot be read, so "
                        + "nothing of it is served and its name stays taken")
        String status,

        List<Variant> variants,
        @Nullable Instant startedAt,
        @Nullable Instant endedAt,
        @Nullable String promoted,
        @Nullable String reason) {

    public static final String RUNNING = "running";
    public static final String SUSPENDED = "suspended";
    public static final String ENDED = "ended";
    public static final String DAMAGED = "damaged";

    public Experiment(
            String name, String status, List<Variant> variants, Instant startedAt, Instant endedAt, String promoted) {
        this(name, status, variants, startedAt, endedAt, promoted, null);
    }

    public Experiment {
        variants = List.copyOf(variants);
    }

    /**
     * One arm of an experiment.
     *
     * @param share percentage of users served by this variant, in (0, 100], to two decimals
     */
    public record Variant(
            @Schema(example = "B") String name,
            @Schema(example = "20261127-221530-123-sgd") String version,
            @Schema(example = "30") double share) {}

    boolean running() {
        return RUNNING.equals(status);
    }

    Experiment ended(Instant at, String winner) {
        return new Experiment(name, ENDED, variants, startedAt, at, winner, null);
    }

    /** As shown while its split is not served, and why. */
    Experiment suspended(String why) {
        return new Experiment(name, SUSPENDED, variants, startedAt, endedAt, promoted, why);
    }

    Variant variant(String variant) {
        return variants.stream()
                .filter(v -> v.name().equals(variant))
                .findFirst()
                .orElse(null);
    }
}
