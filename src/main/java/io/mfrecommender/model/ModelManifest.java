package io.mfrecommender.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Provenance and summary of one model version, stored as {@code manifest.json} beside the factors.
 *
 * @param formatVersion      layout version of the model directory (currently 1)
 * @param version            the version name, also the directory name
 * @param createdAt          when training finished
 * @param algorithm          {@code sgd}, {@code adam}, or {@code external} for factors trained elsewhere
 * @param hyperparameters    every training parameter, by name
 * @param seed               random seed of the run
 * @param dataset            description of the training data
 * @param datasetFingerprint SHA-256 of the training ratings (see {@code Dataset#fingerprint})
 * @param users              rows of the user factor matrix
 * @param items              rows of the item factor matrix
 * @param factors            columns of both factor matrices
 * @param trainRatings       number of ratings trained on
 * @param globalMean         μ, the mean training rating (0 for the seed notebook's model, which has no biases)
 * @param scaleMin           lowest valid rating; predictions are clipped to [scaleMin, scaleMax]
 * @param scaleMax           highest valid rating
 * @param evaluation         what was measured before the version was saved ({@link ModelEvaluation#NONE} when nothing was)
 * @param software           name and version of what wrote the model
 * @param ranker             the ranker's section, or null for a version that ranks by predicted rating
 * @param postedThrough      how many entries of the rating journal (ratings posted to the service) the
 *                           training data included; users changed by later entries are folded in when
 *                           the version is served. 0 for a version trained without the journal
 * @param sourceFingerprint  SHA-256 of the ratings as loaded, before the journal and the hold-out: what
 *                           the version may be served over (null in versions saved before it was recorded)
 */
public record ModelManifest(
        int formatVersion,
        String version,
        Instant createdAt,
        String algorithm,
        Map<String, Object> hyperparameters,
        long seed,
        @Nullable String dataset,
        @Nullable String datasetFingerprint,
        int users,
        int items,
        int factors,
        long trainRatings,
        double globalMean,
        double scaleMin,
        double scaleMax,
        ModelEvaluation evaluation,
        @Nullable String software,
        @Nullable RankerManifest ranker,
        long postedThrough,
        @Nullable String sourceFingerprint) {

    public static final int FORMAT_VERSION = 1;

    public ModelManifest {
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(hyperparameters));
        evaluation = evaluation == null ? ModelEvaluation.NONE : evaluation;
    }

    public ModelManifest withVersion(String newVersion) {
        return with(copy -> copy.version = newVersion);
    }

    public ModelManifest withDataset(String description) {
        return with(copy -> copy.dataset = description);
    }

    public ModelManifest withEvaluation(ModelEvaluation metrics) {
        return with(copy -> copy.evaluation = metrics);
    }

    public ModelManifest withRanker(RankerManifest section) {
        return with(copy -> copy.ranker = section);
    }

    public ModelManifest withSourceFingerprint(String fingerprint) {
        return with(copy -> copy.sourceFingerprint = fingerprint);
    }

    public ModelManifest withPostedThrough(long entries) {
        return with(copy -> copy.postedThrough = entries);
    }

    /** This manifest with what {@code change} sets on a copy of its fields: one place that lists them all. */
    private ModelManifest with(Consumer<Fields> change) {
        Fields copy = new Fields(this);
        change.accept(copy);
        return copy.build();
    }

    /** The manifest's fields, to change one or two and build a new manifest. */
    private static final class Fields {
        int formatVersion;
        String version;
        Instant createdAt;
        String algorithm;
        Map<String, Object> hyperparameters;
        long seed;
        String dataset;
        String datasetFingerprint;
        int users;
        int items;
        int factors;
        long trainRatings;
        double globalMean;
        double scaleMin;
        double scaleMax;
        ModelEvaluation evaluation;
        String software;
        RankerManifest ranker;
        long postedThrough;
        String sourceFingerprint;

        Fields(ModelManifest m) {
            formatVersion = m.formatVersion;
            version = m.version;
            createdAt = m.createdAt;
            algorithm = m.algorithm;
            hyperparameters = m.hyperparameters;
            seed = m.seed;
            dataset = m.dataset;
            datasetFingerprint = m.datasetFingerprint;
            users = m.users;
            items = m.items;
            factors = m.factors;
            trainRatings = m.trainRatings;
            globalMean = m.globalMean;
            scaleMin = m.scaleMin;
            scaleMax = m.scaleMax;
            evaluation = m.evaluation;
            software = m.software;
            ranker = m.ranker;
            postedThrough = m.postedThrough;
            sourceFingerprint = m.sourceFingerprint;
        }

        ModelManifest build() {
            return new ModelManifest(
                    formatVersion,
                    version,
                    createdAt,
                    algorithm,
                    hyperparameters,
                    seed,
                    dataset,
                    datasetFingerprint,
                    users,
                    items,
                    factors,
                    trainRatings,
                    globalMean,
                    scaleMin,
                    scaleMax,
                    evaluation,
                    software,
                    ranker,
                    postedThrough,
                    sourceFingerprint);
        }
    }

    /** This manifest with the dataset named by its file name only, for clients: no filesystem path leaves the service. */
    public ModelManifest withoutPaths() {
        String stripped = dataset == null ? null : stripPaths(dataset);
        return Objects.equals(stripped, dataset) ? this : withDataset(stripped);
    }

    /** {@code text} with every path in it cut to its file name: {@code /srv/data/r.dat + 5 posted} → {@code r.dat + 5 posted}. */
    public static String stripPaths(String text) {
        return text.replaceAll("\\S*[/\\\\]", "");
    }
}
