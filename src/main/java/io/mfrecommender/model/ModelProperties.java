package io.mfrecommender.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code recommender.models.*}: where model versions live and what happens at startup.
 *
 * @param directory   root of the model versions (see {@link ModelStore})
 * @param startupMode {@code load}: serve the active saved model, fail without one;
 *                    {@code train}: always train a new model on the configured data;
 *                    {@code load-or-train}: load when there is an active model, train otherwise
 * @param retain      how many versions to keep, newest first; the active one is always kept
 * @param readOnly    never write to {@code directory}: for replicas that serve versions another
 *                    instance trains. They start in {@code load} mode, refuse training jobs and
 *                    activation (409), and follow the version the owner activates (see
 *                    {@code followInterval}). A directory on a read-only filesystem is treated so
 *                    without this.
 * @param serveMismatchedData serve a version although it was trained on other ratings than the
 *                    loaded ones (another dataset fingerprint or rating scale): its titles, popular
 *                    list and rated-movie exclusions then come from data it does not describe.
 *                    Off: such a version is refused (an exit in {@code load} mode, a new version
 *                    trained in {@code load-or-train}, 409 on activation)
 * @param followInterval how often a replica reads {@code ACTIVE} to follow the owner's activations
 * @param maxImportBytes the largest {@code .pth} {@code POST /models/imports} takes (more: 413)
 * @param maxConcurrentImports how many uploads are received and read at once; each is spooled to a
 *                    file under {@code directory}, never held in memory. One more is answered 503
 *                    with {@code Retry-After} before its body is read
 * @param maxConcurrentExports how many {@code GET /models/{version}/pth} are written at once (each
 *                    holds its version in memory while its file streams out); one more: 503
 * @param maxImportMemoryBytes memory all imports under way may hold, estimated from a file's tables
 *                    before one is read (three times their bytes): a file that needs more alone is 413,
 *                    one that must wait for others 503; 0: a quarter of the maximum heap
 * @param holdout     share of the ratings every new version (at startup, by a job) holds out from
 *                    training to judge it (formerly {@code recommender.jobs.holdout}, which still works)
 */
@ConfigurationProperties("recommender.models")
@Validated
public record ModelProperties(
        @DefaultValue("models") @NotNull Path directory,
        @DefaultValue("load-or-train") @NotNull StartupMode startupMode,
        @DefaultValue("5") @Min(1) int retain,
        @DefaultValue("false") boolean readOnly,
        @DefaultValue("false") boolean serveMismatchedData,
        @DefaultValue("1s") @NotNull Duration followInterval,
        @DefaultValue("268435456") @Min(1024) long maxImportBytes,
        @DefaultValue("2") @Min(1) @Max(64) int maxConcurrentImports,
        @DefaultValue("2") @Min(1) @Max(64) int maxConcurrentExports,
        @DefaultValue("0") @Min(0) long maxImportMemoryBytes,

        @DefaultValue("0.1") @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "0.5", inclusive = false)
        double holdout) {

    /** {@link #maxImportMemoryBytes}, where 0 means a quarter of the largest heap the JVM may use. */
    public long importMemoryBudget() {
        return maxImportMemoryBytes > 0
                ? maxImportMemoryBytes
                : Runtime.getRuntime().maxMemory() / 4;
    }

    public enum StartupMode {
        LOAD,
        TRAIN,
        LOAD_OR_TRAIN
    }
}
